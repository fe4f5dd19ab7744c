-- Each year's emergencies against the previous year's, per comuna and type: events and people
-- killed in both years and the change in events (in percent of the previous year).
with

eventos as (
    select * from {{ ref('emergencias_eventos') }}
),

anios as (
    select distinct anio
    from eventos
),

por_anio as (
    select
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        anio,
        tipo_emergencia,
        detalle_emergencia,
        count(*) as eventos,
        sum(coalesce(fallecidos, 0)) as fallecidos
    from eventos
    group by
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        anio,
        tipo_emergencia,
        detalle_emergencia
),

-- a comuna and detail with events one year has a row the next year too (if recorded)
filas as (
    select
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        anio,
        tipo_emergencia,
        detalle_emergencia
    from por_anio
    union
    select
        por_anio.cut_comuna,
        por_anio.comuna,
        por_anio.cut_provincia,
        por_anio.provincia,
        por_anio.anio + 1 as anio,
        por_anio.tipo_emergencia,
        por_anio.detalle_emergencia
    from por_anio
    inner join anios
        on por_anio.anio + 1 = anios.anio
),

comparadas as (
    select
        filas.cut_comuna,
        filas.comuna,
        filas.cut_provincia,
        filas.provincia,
        filas.anio,
        filas.tipo_emergencia,
        filas.detalle_emergencia,
        coalesce(actual.eventos, 0) as eventos,
        coalesce(actual.fallecidos, 0) as fallecidos,
        -- unknown (not zero) when the records do not reach the previous year
        case
            when anios_registrados.anio is not null then coalesce(anterior.eventos, 0)
        end as eventos_anio_anterior,
        case
            when anios_registrados.anio is not null then coalesce(anterior.fallecidos, 0)
        end as fallecidos_anio_anterior
    from filas
    left join por_anio as actual
        on
            filas.cut_comuna = actual.cut_comuna
            and filas.anio = actual.anio
            and filas.detalle_emergencia = actual.detalle_emergencia
    left join por_anio as anterior
        on
            filas.cut_comuna = anterior.cut_comuna
            and filas.anio - 1 = anterior.anio
            and filas.detalle_emergencia = anterior.detalle_emergencia
    left join anios as anios_registrados
        on filas.anio - 1 = anios_registrados.anio
),

final as (
    select
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        anio,
        tipo_emergencia,
        detalle_emergencia,
        cast(eventos as bigint) as eventos,
        cast(eventos_anio_anterior as bigint) as eventos_anio_anterior,
        cast(fallecidos as bigint) as fallecidos,
        cast(fallecidos_anio_anterior as bigint) as fallecidos_anio_anterior,
        round(
            100.0 * (eventos - eventos_anio_anterior) / nullif(eventos_anio_anterior, 0), 1
        ) as variacion_porcentual
    from comparadas
)

select * from final
