-- Requests and pesos per year, province and area, for every area of the ledger (also those
-- the printed table leaves out), with how many requests were not attended and why.
with

solicitudes as (
    select * from {{ ref('orasmi_solicitudes') }}
),

por_area as (
    select
        anio,
        cut_provincia,
        provincia,
        area,
        etiqueta_publicada,
        etiqueta_publicada is not null as is_printed,
        sum(case when is_atendida then 1 else 0 end) as solicitudes_atendidas,
        sum(case when is_atendida then monto_neto else 0 end) as monto_pagado_neto,
        sum(
            case when is_atendida and is_mujer_jefa_hogar then 1 else 0 end
        ) as solicitudes_mujeres_jefas_hogar,
        sum(case when estado_final = 'rechazada' then 1 else 0 end) as solicitudes_rechazadas,
        sum(case when estado_final = 'anulada' then 1 else 0 end) as solicitudes_anuladas,
        sum(case when estado_final = 'reversada' then 1 else 0 end) as solicitudes_reversadas
    from solicitudes
    group by
        anio,
        cut_provincia,
        provincia,
        area,
        etiqueta_publicada
),

final as (
    select
        anio,
        cut_provincia,
        provincia,
        area,
        etiqueta_publicada,
        is_printed,
        cast(solicitudes_atendidas as bigint) as solicitudes_atendidas,
        cast(monto_pagado_neto as bigint) as monto_pagado_neto,
        cast(solicitudes_mujeres_jefas_hogar as bigint) as solicitudes_mujeres_jefas_hogar,
        cast(solicitudes_rechazadas as bigint) as solicitudes_rechazadas,
        cast(solicitudes_anuladas as bigint) as solicitudes_anuladas,
        cast(solicitudes_reversadas as bigint) as solicitudes_reversadas
    from por_area
)

select * from final
