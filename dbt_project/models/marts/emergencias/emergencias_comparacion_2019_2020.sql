-- Emergencies of 2019 against 2020 per comuna and type: events, people killed and the
-- change between both years (in percent of 2019).
with

eventos as (
    select * from {{ ref('emergencias_eventos') }}
    where anio in (2019, 2020)
),

por_comuna as (
    select
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_emergencia,
        detalle_emergencia,
        sum(case when anio = 2019 then 1 else 0 end) as eventos_2019,
        sum(case when anio = 2020 then 1 else 0 end) as eventos_2020,
        sum(case when anio = 2019 then fallecidos else 0 end) as fallecidos_2019,
        sum(case when anio = 2020 then fallecidos else 0 end) as fallecidos_2020
    from eventos
    group by
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_emergencia,
        detalle_emergencia
),

final as (
    select
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_emergencia,
        detalle_emergencia,
        cast(eventos_2019 as bigint) as eventos_2019,
        cast(eventos_2020 as bigint) as eventos_2020,
        cast(fallecidos_2019 as bigint) as fallecidos_2019,
        cast(fallecidos_2020 as bigint) as fallecidos_2020,
        round(
            100.0 * (eventos_2020 - eventos_2019) / nullif(eventos_2019, 0), 1
        ) as variacion_porcentual
    from por_comuna
)

select * from final
