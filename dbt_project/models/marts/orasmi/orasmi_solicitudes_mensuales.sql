-- Requests and pesos per month of their result, comuna, area, aid type, sex, household
-- headship and final state: the finest cut of the ledger that names no one.
with

solicitudes as (
    select * from {{ ref('orasmi_solicitudes') }}
),

final as (
    select
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        area,
        tipo_ayuda,
        sexo,
        is_jefe_hogar,
        estado_final,
        cast(count(*) as bigint) as solicitudes,
        cast(sum(monto_neto) as bigint) as monto_neto
    from solicitudes
    group by
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        area,
        tipo_ayuda,
        sexo,
        is_jefe_hogar,
        estado_final
)

select * from final
