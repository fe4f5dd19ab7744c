-- ¿Cuántas cajas de «Alimentos para Chile» recibió cada comuna de Huasco por cada mil
-- habitantes (censo 2017), sumando las tres entregas de 2020?
with

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

cajas as (
    select
        cut_comuna,
        count(*) as cajas
    from entregas
    where
        cut_provincia = '033'
        and extract(year from fecha_entrega) = 2020
    group by cut_comuna
),

final as (
    select
        comunas.comuna,
        cajas.cajas,
        comunas.poblacion_censo_2017,
        round(1000.0 * cajas.cajas / nullif(comunas.poblacion_censo_2017, 0), 1)
            as cajas_por_mil_habitantes
    from cajas
    inner join comunas
        on cajas.cut_comuna = comunas.cut_comuna
)

select * from final
order by cajas_por_mil_habitantes desc
