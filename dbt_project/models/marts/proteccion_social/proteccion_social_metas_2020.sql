-- The figures of report II.4 as a table: per area of the programme in 2020, the activities
-- held, their distinct instances and the people they informed or gathered. The text reads
-- the people of «Difusión», the meetings of «Coordinación» and the instances of
-- «Capacitación»; the areas with activity are its «tres áreas».
with

actividades as (
    select * from {{ ref('proteccion_social_actividades') }}
    where anio = 2020
),

areas as (
    select * from {{ ref('proteccion_social_areas') }}
),

por_area as (
    select
        area,
        count(*) as actividades,
        count(distinct instancia_key) as instancias,
        sum(numero_personas) as personas
    from actividades
    group by area
),

final as (
    select
        areas.orden,
        areas.literal_informe,
        areas.area,
        areas.meta_informe,
        cast(coalesce(por_area.actividades, 0) as bigint) as actividades,
        cast(coalesce(por_area.instancias, 0) as bigint) as instancias,
        cast(coalesce(por_area.personas, 0) as bigint) as personas
    from areas
    left join por_area
        on areas.area = por_area.area
)

select * from final
