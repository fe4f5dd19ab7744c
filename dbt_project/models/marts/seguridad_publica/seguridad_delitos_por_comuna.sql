-- Cases per year, comuna and crime in Atacama, with the rate per 1.000 inhabitants
-- (census 2017 population).
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

por_comuna as (
    select
        anio,
        cut_comuna,
        delito,
        grupo,
        is_violento,
        is_tabla_stop,
        orden_delito,
        sum(casos) as casos
    from casos
    group by
        anio,
        cut_comuna,
        delito,
        grupo,
        is_violento,
        is_tabla_stop,
        orden_delito
),

final as (
    select
        por_comuna.anio,
        por_comuna.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        por_comuna.delito,
        por_comuna.grupo,
        por_comuna.is_violento,
        por_comuna.is_tabla_stop,
        por_comuna.orden_delito,
        cast(por_comuna.casos as bigint) as casos,
        comunas.poblacion_censo_2017,
        round(
            1000.0 * por_comuna.casos / nullif(comunas.poblacion_censo_2017, 0), 2
        ) as tasa_por_mil_habitantes
    from por_comuna
    inner join comunas
        on por_comuna.cut_comuna = comunas.cut_comuna
)

select * from final
