-- Per province, year, month and area: activities counted and the people they informed or
-- gathered.
with

actividades as (
    select * from {{ ref('proteccion_social_actividades') }}
),

final as (
    select
        cut_provincia,
        provincia,
        anio,
        mes,
        area,
        cast(count(*) as bigint) as actividades,
        cast(sum(numero_personas) as bigint) as personas
    from actividades
    group by cut_provincia, provincia, anio, mes, area
)

select * from final
