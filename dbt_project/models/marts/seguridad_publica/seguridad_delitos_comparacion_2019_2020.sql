-- 2019 against 2020 per province and crime: cases each year, the change, and the umbral
-- STOP gave for the year to date at its last cut of 2020.
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
),

umbrales as (
    select * from {{ ref('int_stop__umbrales_classified') }}
),

por_provincia as (
    select
        cut_provincia,
        provincia,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito,
        sum(case when anio = 2019 then casos else 0 end) as casos_2019,
        sum(case when anio = 2020 then casos else 0 end) as casos_2020
    from casos
    where anio in (2019, 2020)
    group by
        cut_provincia,
        provincia,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito
),

umbral_2020 as (
    select
        cut_provincia,
        delito,
        umbral
    from umbrales
    where
        anio = 2020
        and periodo_key = 'ano a la fecha'
        and is_ultimo_corte
        and nivel = 'delito'
),

final as (
    select
        por_provincia.cut_provincia,
        por_provincia.provincia,
        por_provincia.delito,
        por_provincia.grupo,
        por_provincia.is_tabla_stop,
        por_provincia.orden_delito,
        umbral_2020.umbral as umbral_2020,
        cast(por_provincia.casos_2019 as bigint) as casos_2019,
        cast(por_provincia.casos_2020 as bigint) as casos_2020,
        cast(por_provincia.casos_2020 - por_provincia.casos_2019 as bigint) as variacion_casos,
        round(
            100.0 * (por_provincia.casos_2020 - por_provincia.casos_2019)
            / nullif(por_provincia.casos_2019, 0),
            1
        ) as variacion_porcentual
    from por_provincia
    left join umbral_2020
        on
            por_provincia.cut_provincia = umbral_2020.cut_provincia
            and por_provincia.delito = umbral_2020.delito
)

select * from final
