-- Cases per year, month and comuna and crime in Atacama (an ISO week counts in the month
-- of its Thursday).
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
),

final as (
    select
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito,
        cast(sum(casos) as bigint) as casos
    from casos
    group by
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        delito,
        grupo,
        is_tabla_stop,
        orden_delito
)

select * from final
