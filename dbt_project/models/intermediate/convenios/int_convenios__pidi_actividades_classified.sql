-- Each record of the PIDI office log with its official comuna, the printed row of the
-- activity table it belongs to (seed `convenios_pidi_categorias`) and, when it is not
-- counted, why.
with

actividades as (
    select * from {{ ref('stg_convenios__pidi_actividades') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

categorias as (
    select * from {{ ref('convenios_pidi_categorias') }}
),

located as (
    select
        actividades.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        categorias.tipo_actividad,
        categorias.detalle_actividad,
        -- a row copied when two sheets were merged keeps its N°
        row_number() over (
            partition by actividades.numero_registro
            order by actividades.source_line_number
        ) as record_sequence
    from actividades
    left join comunas
        on actividades.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join categorias
        on
            actividades.tipo_actividad_key
            = {{ normalize_label('categorias.categoria_registrada') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when detalle_actividad is null then 'tipo de actividad desconocido'
            when record_sequence > 1 then 'registro copiado dos veces'
        end as exclusion_reason
    from located
),

final as (
    select
        numero_registro,
        fecha_actividad,
        cast(extract(year from fecha_actividad) as integer) as anio,
        tipo_actividad_registrado,
        tipo_actividad,
        detalle_actividad,
        detalle,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        localidad,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
