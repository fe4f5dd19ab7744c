-- The figures of report II.4 as a table, per province and year of the log: per area of the
-- programme, the activities held, their distinct instances and the people they informed or
-- gathered. The text reads the people of «Difusión», the meetings of «Coordinación» and the
-- instances of «Capacitación»; the areas with activity are its «tres áreas».
with

actividades as (
    select * from {{ ref('proteccion_social_actividades') }}
),

areas as (
    select * from {{ ref('proteccion_social_areas') }}
),

periodos as (
    select distinct
        cut_provincia,
        provincia,
        anio
    from actividades
),

por_area as (
    select
        cut_provincia,
        anio,
        area,
        count(*) as actividades,
        count(distinct instancia_key) as instancias,
        sum(numero_personas) as personas
    from actividades
    group by cut_provincia, anio, area
),

final as (
    select
        periodos.cut_provincia,
        periodos.provincia,
        periodos.anio,
        areas.orden,
        areas.literal_informe,
        areas.area,
        areas.meta_informe,
        cast(coalesce(por_area.actividades, 0) as bigint) as actividades,
        cast(coalesce(por_area.instancias, 0) as bigint) as instancias,
        cast(coalesce(por_area.personas, 0) as bigint) as personas
    from periodos
    cross join areas
    left join por_area
        on
            periodos.cut_provincia = por_area.cut_provincia
            and periodos.anio = por_area.anio
            and areas.area = por_area.area
)

select * from final
