-- ¿Cuánto entregó ORASMI en la provincia y el año de cada edición de la cuenta pública, por
-- área y sexo de quien lo solicitó, y qué parte de cada área fue para mujeres?
with

mensuales as (
    select * from {{ ref('orasmi_solicitudes_mensuales') }}
),

ediciones as (
    select * from {{ ref('report_editions') }}
),

por_area_sexo as (
    select
        ediciones.edition_id,
        mensuales.area,
        mensuales.sexo,
        sum(mensuales.solicitudes) as solicitudes,
        sum(mensuales.monto_neto) as monto
    from mensuales
    inner join ediciones
        on
            mensuales.cut_provincia = ediciones.cut_provincia
            and mensuales.anio = ediciones.anio
    where mensuales.monto_neto > 0
    group by ediciones.edition_id, mensuales.area, mensuales.sexo
),

final as (
    select
        edition_id,
        area,
        sexo,
        solicitudes,
        monto,
        round(
            100.0 * monto / sum(monto) over (partition by edition_id, area), 1
        ) as porcentaje_del_area
    from por_area_sexo
)

select * from final
order by edition_id, area, sexo
