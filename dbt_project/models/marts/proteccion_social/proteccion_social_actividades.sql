-- One row per activity of the social protection programme counted (every year of the log).
with

actividades as (
    select * from {{ ref('int_proteccion_social__actividades_classified') }}
    where is_counted
),

final as (
    select
        fecha_actividad,
        area,
        orden_area,
        tipo_actividad,
        instancia,
        instancia_key,
        nivel,
        modalidad,
        cut_comuna,
        comuna,
        numero_personas,
        source_file_name,
        source_line_number,
        extract(year from fecha_actividad) as anio,
        extract(month from fecha_actividad) as mes
    from actividades
)

select * from final
