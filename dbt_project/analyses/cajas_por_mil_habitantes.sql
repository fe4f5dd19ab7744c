-- ¿Cuántas cajas de «Alimentos para Chile» recibió cada comuna por cada mil habitantes
-- (censo), sumando las entregas del año, en la provincia y el año de cada edición del
-- informe?
with

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

editions as (
    select * from {{ ref('report_editions') }}
),

cajas as (
    select
        editions.edition_id,
        entregas.anio,
        entregas.cut_comuna,
        count(*) as cajas
    from entregas
    inner join editions
        on
            entregas.cut_provincia = editions.cut_provincia
            and entregas.anio = editions.anio
    group by editions.edition_id, entregas.anio, entregas.cut_comuna
),

final as (
    select
        cajas.edition_id,
        cajas.anio,
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
order by edition_id asc, cajas_por_mil_habitantes desc
