-- One row per comuna and year: what each section delivered or recorded there, beside the
-- comuna's census population, as rates per inhabitant. Every comuna of a province appears in
-- each year its province has records (zeros where it has none). The definitions are the
-- report's, so a province's rows of a year add up to that year's printed figures.
with

comunas as (
    select * from {{ ref('comunas') }}
),

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

delitos as (
    select * from {{ ref('seguridad_delitos_por_comuna') }}
),

solicitudes_orasmi as (
    select * from {{ ref('orasmi_solicitudes') }}
),

emergencias as (
    select * from {{ ref('emergencias_eventos') }}
),

proyectos_fondes as (
    select * from {{ ref('fondes_proyectos') }}
),

cajas as (
    select
        cut_comuna,
        anio,
        count(*) as cajas_alimentos
    from entregas
    group by cut_comuna, anio
),

casos as (
    select
        cut_comuna,
        anio,
        sum(casos) as delitos_stop
    from delitos
    where is_tabla_stop
    group by cut_comuna, anio
),

orasmi as (
    select
        cut_comuna,
        anio,
        count(*) as solicitudes_orasmi,
        sum(monto_neto) as monto_orasmi
    from solicitudes_orasmi
    where is_atendida
    group by cut_comuna, anio
),

eventos as (
    select
        cut_comuna,
        anio,
        count(*) as emergencias
    from emergencias
    group by cut_comuna, anio
),

fondes as (
    select
        cut_comuna,
        anio,
        count(distinct rut_organizacion_hash) as organizaciones_fondes,
        sum(monto_adjudicado) as monto_fondes
    from proyectos_fondes
    where is_adjudicado
    group by cut_comuna, anio
),

comunas_con_registros as (
    select
        cut_comuna,
        anio
    from cajas
    union all
    select
        cut_comuna,
        anio
    from casos
    union all
    select
        cut_comuna,
        anio
    from orasmi
    union all
    select
        cut_comuna,
        anio
    from eventos
    union all
    select
        cut_comuna,
        anio
    from fondes
),

provincia_anios as (
    select distinct
        comunas.cut_provincia,
        cast(comunas_con_registros.anio as integer) as anio
    from comunas_con_registros
    inner join comunas
        on comunas_con_registros.cut_comuna = comunas.cut_comuna
),

comuna_anios as (
    select
        comunas.cut_provincia,
        comunas.provincia,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.poblacion_censo_2017,
        provincia_anios.anio
    from comunas
    inner join provincia_anios
        on comunas.cut_provincia = provincia_anios.cut_provincia
),

joined as (
    select
        comuna_anios.cut_provincia,
        comuna_anios.provincia,
        comuna_anios.cut_comuna,
        comuna_anios.comuna,
        comuna_anios.anio,
        comuna_anios.poblacion_censo_2017,
        coalesce(cajas.cajas_alimentos, 0) as cajas_alimentos,
        coalesce(casos.delitos_stop, 0) as delitos_stop,
        coalesce(orasmi.solicitudes_orasmi, 0) as solicitudes_orasmi,
        coalesce(orasmi.monto_orasmi, 0) as monto_orasmi,
        coalesce(eventos.emergencias, 0) as emergencias,
        coalesce(fondes.organizaciones_fondes, 0) as organizaciones_fondes,
        coalesce(fondes.monto_fondes, 0) as monto_fondes
    from comuna_anios
    left join cajas
        on comuna_anios.cut_comuna = cajas.cut_comuna and comuna_anios.anio = cajas.anio
    left join casos
        on comuna_anios.cut_comuna = casos.cut_comuna and comuna_anios.anio = casos.anio
    left join orasmi
        on comuna_anios.cut_comuna = orasmi.cut_comuna and comuna_anios.anio = orasmi.anio
    left join eventos
        on comuna_anios.cut_comuna = eventos.cut_comuna and comuna_anios.anio = eventos.anio
    left join fondes
        on comuna_anios.cut_comuna = fondes.cut_comuna and comuna_anios.anio = fondes.anio
),

final as (
    select
        cut_provincia,
        provincia,
        cut_comuna,
        comuna,
        anio,
        poblacion_censo_2017,
        cast(cajas_alimentos as bigint) as cajas_alimentos,
        cast(delitos_stop as bigint) as delitos_stop,
        cast(solicitudes_orasmi as bigint) as solicitudes_orasmi,
        cast(monto_orasmi as bigint) as monto_orasmi,
        cast(emergencias as bigint) as emergencias,
        cast(organizaciones_fondes as bigint) as organizaciones_fondes,
        cast(monto_fondes as bigint) as monto_fondes,
        round(1000.0 * cajas_alimentos / nullif(poblacion_censo_2017, 0), 1)
            as cajas_por_mil_habitantes,
        round(1000.0 * delitos_stop / nullif(poblacion_censo_2017, 0), 1)
            as delitos_por_mil_habitantes,
        round(1.0 * monto_orasmi / nullif(poblacion_censo_2017, 0), 1)
            as monto_orasmi_por_habitante,
        round(1000.0 * emergencias / nullif(poblacion_censo_2017, 0), 2)
            as emergencias_por_mil_habitantes,
        round(1.0 * monto_fondes / nullif(poblacion_censo_2017, 0), 1)
            as monto_fondes_por_habitante
    from joined
)

select * from final
