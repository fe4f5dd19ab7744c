-- ¿Cuánto entregó ORASMI en 2020 en la provincia de Huasco por área y sexo de quien lo
-- solicitó, y qué parte de cada área fue para mujeres?
with

mensuales as (
    select * from {{ ref('orasmi_solicitudes_mensuales') }}
),

por_area_sexo as (
    select
        area,
        sexo,
        sum(solicitudes) as solicitudes,
        sum(monto_neto) as monto
    from mensuales
    where
        anio = 2020
        and cut_provincia = '033'
        and monto_neto > 0
    group by area, sexo
),

final as (
    select
        area,
        sexo,
        solicitudes,
        monto,
        round(100.0 * monto / sum(monto) over (partition by area), 1) as porcentaje_del_area
    from por_area_sexo
)

select * from final
order by area, sexo
