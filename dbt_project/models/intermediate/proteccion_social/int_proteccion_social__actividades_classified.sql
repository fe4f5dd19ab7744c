-- Every activity of the log with its area (as the report names it) and comuna and, when it
-- does not count, the reason: unknown area, suspended, or the same activity written twice.
with

actividades as (
    select * from {{ ref('stg_proteccion_social__actividades') }}
),

areas as (
    select * from {{ ref('proteccion_social_areas') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

located as (
    select
        actividades.*,
        areas.area,
        areas.orden as orden_area,
        comunas.cut_comuna,
        comunas.comuna,
        -- the same activity (day, type and instance) written twice: the first row stands
        row_number() over (
            partition by
                actividades.estado,
                actividades.fecha_actividad,
                {{ normalize_label('actividades.tipo_actividad') }},
                actividades.instancia_key
            order by actividades.source_line_number
        ) as record_sequence
    from actividades
    left join areas
        on actividades.area_key = {{ normalize_label('areas.area') }}
    left join comunas
        on actividades.comuna_key = {{ normalize_label('comunas.comuna') }}
),

classified as (
    select
        *,
        case
            when area is null then 'área desconocida'
            when estado = 'Suspendida' then 'actividad suspendida'
            when record_sequence > 1 then 'actividad registrada dos veces'
        end as exclusion_reason
    from located
),

final as (
    select
        fecha_actividad,
        area_registrada,
        area,
        orden_area,
        tipo_actividad,
        instancia,
        instancia_key,
        nivel,
        modalidad,
        comuna_registrada,
        cut_comuna,
        comuna,
        numero_personas,
        estado,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
