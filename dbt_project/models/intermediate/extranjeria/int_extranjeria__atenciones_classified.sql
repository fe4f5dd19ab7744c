-- Every reservation of the office's queue with its comuna (when it is one of Atacama) and,
-- when it is not an attention to count, why: the same reservation exported twice (within a
-- file, or in two yearly files that overlap in December), nobody came, or it was cancelled.
with

atenciones as (
    select * from {{ ref('stg_extranjeria__atenciones') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

located as (
    select
        atenciones.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        row_number() over (
            partition by atenciones.numero_atencion
            order by atenciones.source_file_name desc, atenciones.source_line_number asc
        ) as record_sequence
    from atenciones
    left join comunas
        on atenciones.comuna_key = {{ normalize_label('comunas.comuna') }}
),

classified as (
    select
        *,
        case
            when record_sequence > 1 then 'atención registrada dos veces'
            when estado = 'no se presenta' then 'reserva sin asistencia'
            when estado = 'anulada' then 'reserva anulada'
        end as exclusion_reason
    from located
),

final as (
    select
        numero_atencion,
        fecha_atencion,
        cast(extract(year from fecha_atencion) as integer) as anio_atencion,
        cast(extract(month from fecha_atencion) as integer) as mes_atencion,
        hora_atencion,
        tipo_tramite,
        nacionalidad,
        sexo,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        estado,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        nacionalidad <> 'CHILE' as is_extranjero,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
