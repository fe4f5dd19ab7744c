-- ¿Qué comunas tienen más delitos del cuadro STOP por cada mil habitantes (censo 2017), y
-- cómo cambió del año anterior al año de cada edición del informe (Huasco: 2019 y 2020)?
with

por_comuna as (
    select * from {{ ref('seguridad_delitos_por_comuna') }}
),

editions as (
    select * from {{ ref('report_editions') }}
),

casos as (
    select
        editions.edition_id,
        por_comuna.comuna,
        por_comuna.anio,
        sum(por_comuna.casos) as casos,
        max(por_comuna.poblacion_censo_2017) as poblacion_censo_2017
    from por_comuna
    inner join editions
        on
            por_comuna.cut_provincia = editions.cut_provincia
            and por_comuna.anio between editions.anio - 1 and editions.anio
    where por_comuna.is_tabla_stop
    group by editions.edition_id, por_comuna.comuna, por_comuna.anio
),

final as (
    select
        edition_id,
        comuna,
        anio,
        casos,
        round(1000.0 * casos / nullif(poblacion_censo_2017, 0), 1) as casos_por_mil_habitantes
    from casos
)

select * from final
order by edition_id, comuna, anio
