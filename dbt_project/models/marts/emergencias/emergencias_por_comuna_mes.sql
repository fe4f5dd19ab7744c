-- Emergencies per year, month, comuna and type, with the people killed and injured.
with

eventos as (
    select * from {{ ref('emergencias_eventos') }}
),

final as (
    select
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_emergencia,
        detalle_emergencia,
        cast(count(*) as bigint) as eventos,
        cast(sum(fallecidos) as bigint) as fallecidos,
        cast(sum(lesionados) as bigint) as lesionados
    from eventos
    group by
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_emergencia,
        detalle_emergencia
)

select * from final
