-- Headline figures of the ORASMI fund per year and province: requests attended, pesos
-- paid, share of women heads of household, and requests not attended.
with

solicitudes as (
    select * from {{ ref('orasmi_solicitudes') }}
),

totals as (
    select
        anio,
        cut_provincia,
        provincia,
        sum(case when is_atendida then 1 else 0 end) as solicitudes_atendidas,
        sum(case when is_atendida then monto_neto else 0 end) as monto_pagado_neto,
        sum(
            case when is_atendida and is_mujer_jefa_hogar then 1 else 0 end
        ) as solicitudes_mujeres_jefas_hogar,
        count(distinct case when is_atendida then rut_solicitante_hash end) as personas_atendidas,
        sum(case when estado_final = 'rechazada' then 1 else 0 end) as solicitudes_rechazadas,
        sum(case when estado_final = 'anulada' then 1 else 0 end) as solicitudes_anuladas,
        sum(case when estado_final = 'reversada' then 1 else 0 end) as solicitudes_reversadas
    from solicitudes
    group by
        anio,
        cut_provincia,
        provincia
),

final as (
    select
        anio,
        cut_provincia,
        provincia,
        cast(solicitudes_atendidas as bigint) as solicitudes_atendidas,
        cast(monto_pagado_neto as bigint) as monto_pagado_neto,
        cast(solicitudes_mujeres_jefas_hogar as bigint) as solicitudes_mujeres_jefas_hogar,
        cast(
            100.0 * solicitudes_mujeres_jefas_hogar / nullif(solicitudes_atendidas, 0) as double
        ) as porcentaje_mujeres_jefas_hogar,
        cast(personas_atendidas as bigint) as personas_atendidas,
        cast(solicitudes_rechazadas as bigint) as solicitudes_rechazadas,
        cast(solicitudes_anuladas as bigint) as solicitudes_anuladas,
        cast(solicitudes_reversadas as bigint) as solicitudes_reversadas
    from totals
)

select * from final
