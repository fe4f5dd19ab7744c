-- Every row of the ORASMI ledger with its official comuna and area, the amount it adds to
-- its request (payments add, reversals subtract whatever sign they were typed with) and,
-- when it does not count, why. Nothing is dropped here.
with

solicitudes as (
    select * from {{ ref('stg_orasmi__solicitudes') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

areas as (
    select * from {{ ref('orasmi_areas') }}
),

located as (
    select
        solicitudes.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        areas.area,
        areas.etiqueta_publicada,
        areas.orden_publicado,
        -- the same movement typed twice: same request, state, day and amount
        row_number() over (
            partition by
                solicitudes.numero_solicitud,
                solicitudes.estado,
                solicitudes.fecha_estado,
                solicitudes.monto_registrado
            order by solicitudes.source_file_name, solicitudes.source_line_number
        ) as record_sequence
    from solicitudes
    left join comunas
        on solicitudes.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join areas
        on solicitudes.area_key = {{ normalize_label('areas.area_origen') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when area is null then 'área desconocida'
            when record_sequence > 1 then 'fila registrada dos veces'
            -- the contract allows negative amounts for reversals; on a payment it is an
            -- error of the office, kept visible and out of the figures, never a stop
            when estado = 'pagada' and monto_registrado < 0 then 'pago con monto negativo'
        end as exclusion_reason,
        case
            when estado = 'pagada' then monto_registrado
            when estado = 'reversada' then -abs(monto_registrado)
            else 0
        end as monto_movimiento
    from located
),

final as (
    select
        numero_solicitud,
        fecha_solicitud,
        numero_resolucion,
        rut_solicitante_hash,
        sexo,
        is_jefe_hogar,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        area_registrada,
        area,
        etiqueta_publicada,
        orden_publicado,
        tipo_ayuda,
        tramo_rsh,
        estado,
        fecha_estado,
        monto_registrado,
        cast(monto_movimiento as bigint) as monto_movimiento,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
