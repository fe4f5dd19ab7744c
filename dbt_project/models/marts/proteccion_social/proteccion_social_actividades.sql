-- One row per activity of the social protection programme counted (every year of the log).
-- The log is the provincial coordinator's and names no province of its own (a comuna only
-- where the activity had one): it is the one of its governorate (var
-- gobernacion_cut_provincia).
with

actividades as (
    select * from {{ ref('int_proteccion_social__actividades_classified') }}
    where is_counted
),

provincias as (
    select distinct
        cut_provincia,
        provincia
    from {{ ref('comunas') }}
),

located as (
    select
        actividades.*,
        '{{ var("gobernacion_cut_provincia") }}' as cut_provincia
    from actividades
),

final as (
    select
        located.cut_provincia,
        provincias.provincia,
        located.fecha_actividad,
        located.area,
        located.orden_area,
        located.tipo_actividad,
        located.instancia,
        located.instancia_key,
        located.nivel,
        located.modalidad,
        located.cut_comuna,
        located.comuna,
        located.numero_personas,
        located.source_file_name,
        located.source_sha256,
        located.source_line_number,
        extract(year from located.fecha_actividad) as anio,
        extract(month from located.fecha_actividad) as mes
    from located
    left join provincias
        on located.cut_provincia = provincias.cut_provincia
)

select * from final
