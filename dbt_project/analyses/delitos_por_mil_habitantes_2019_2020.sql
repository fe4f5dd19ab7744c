-- ¿Qué comunas de Huasco tienen más delitos del cuadro STOP por cada mil habitantes (censo
-- 2017), y cómo cambió entre 2019 y 2020?
with

por_comuna as (
    select * from {{ ref('seguridad_delitos_por_comuna') }}
),

casos as (
    select
        comuna,
        anio,
        sum(casos) as casos,
        max(poblacion_censo_2017) as poblacion_censo_2017
    from por_comuna
    where
        cut_provincia = '033'
        and is_tabla_stop
        and anio in (2019, 2020)
    group by comuna, anio
),

final as (
    select
        comuna,
        anio,
        casos,
        round(1000.0 * casos / nullif(poblacion_censo_2017, 0), 1) as casos_por_mil_habitantes
    from casos
)

select * from final
order by comuna, anio
