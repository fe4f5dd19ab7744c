-- Each year against the previous one per province and crime: cases each year, the change,
-- and the umbral STOP gave for the year to date at the last cut of the year.
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
),

umbrales as (
    select * from {{ ref('int_stop__umbrales_classified') }}
),

anios as (
    select distinct anio
    from casos
),

por_anio as (
    select
        cut_provincia,
        provincia,
        anio,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito,
        sum(casos) as casos
    from casos
    group by
        cut_provincia,
        provincia,
        anio,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito
),

-- a crime recorded one year has a row the next year too (if the records reach it)
filas as (
    select
        cut_provincia,
        provincia,
        anio,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito
    from por_anio
    union
    select
        por_anio.cut_provincia,
        por_anio.provincia,
        por_anio.anio + 1 as anio,
        por_anio.delito,
        por_anio.grupo,
        por_anio.is_tabla_stop,
        por_anio.orden_delito
    from por_anio
    inner join anios
        on por_anio.anio + 1 = anios.anio
),

umbral_a_la_fecha as (
    select
        cut_provincia,
        anio,
        delito,
        umbral
    from umbrales
    where
        periodo_key = 'ano a la fecha'
        and is_ultimo_corte
        and nivel = 'delito'
),

comparadas as (
    select
        filas.cut_provincia,
        filas.provincia,
        filas.anio,
        filas.delito,
        filas.grupo,
        filas.is_tabla_stop,
        filas.orden_delito,
        umbral_a_la_fecha.umbral,
        coalesce(actual.casos, 0) as casos,
        -- unknown (not zero) when the records do not reach the previous year
        case
            when anios_registrados.anio is not null then coalesce(anterior.casos, 0)
        end as casos_anio_anterior
    from filas
    left join por_anio as actual
        on
            filas.cut_provincia = actual.cut_provincia
            and filas.anio = actual.anio
            and filas.delito = actual.delito
    left join por_anio as anterior
        on
            filas.cut_provincia = anterior.cut_provincia
            and filas.anio - 1 = anterior.anio
            and filas.delito = anterior.delito
    left join anios as anios_registrados
        on filas.anio - 1 = anios_registrados.anio
    left join umbral_a_la_fecha
        on
            filas.cut_provincia = umbral_a_la_fecha.cut_provincia
            and filas.anio = umbral_a_la_fecha.anio
            and filas.delito = umbral_a_la_fecha.delito
),

final as (
    select
        cut_provincia,
        provincia,
        anio,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito,
        umbral,
        cast(casos as bigint) as casos,
        cast(casos_anio_anterior as bigint) as casos_anio_anterior,
        cast(casos - casos_anio_anterior as bigint) as variacion_casos,
        round(
            100.0 * (casos - casos_anio_anterior) / nullif(casos_anio_anterior, 0), 1
        ) as variacion_porcentual
    from comparadas
)

select * from final
