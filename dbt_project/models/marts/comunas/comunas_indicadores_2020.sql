-- One row per comuna of the province of Huasco: what each section delivered or recorded in
-- 2020, beside its 2017 census population, as rates per inhabitant. The definitions are the
-- report's (the province's rows add up to the printed figures).
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
        count(*) as cajas_alimentos
    from entregas
    where extract(year from fecha_entrega) = 2020
    group by cut_comuna
),

casos as (
    select
        cut_comuna,
        sum(casos) as delitos_stop
    from delitos
    where anio = 2020 and is_tabla_stop
    group by cut_comuna
),

orasmi as (
    select
        cut_comuna,
        count(*) as solicitudes_orasmi,
        sum(monto_neto) as monto_orasmi
    from solicitudes_orasmi
    where anio = 2020 and is_atendida
    group by cut_comuna
),

eventos as (
    select
        cut_comuna,
        count(*) as emergencias
    from emergencias
    where anio = 2020
    group by cut_comuna
),

fondes as (
    select
        cut_comuna,
        count(distinct rut_organizacion_hash) as organizaciones_fondes,
        sum(monto_adjudicado) as monto_fondes
    from proyectos_fondes
    where anio = 2020 and is_adjudicado
    group by cut_comuna
),

joined as (
    select
        comunas.cut_comuna,
        comunas.comuna,
        comunas.poblacion_censo_2017,
        coalesce(cajas.cajas_alimentos, 0) as cajas_alimentos,
        coalesce(casos.delitos_stop, 0) as delitos_stop,
        coalesce(orasmi.solicitudes_orasmi, 0) as solicitudes_orasmi,
        coalesce(orasmi.monto_orasmi, 0) as monto_orasmi,
        coalesce(eventos.emergencias, 0) as emergencias,
        coalesce(fondes.organizaciones_fondes, 0) as organizaciones_fondes,
        coalesce(fondes.monto_fondes, 0) as monto_fondes
    from comunas
    left join cajas on comunas.cut_comuna = cajas.cut_comuna
    left join casos on comunas.cut_comuna = casos.cut_comuna
    left join orasmi on comunas.cut_comuna = orasmi.cut_comuna
    left join eventos on comunas.cut_comuna = eventos.cut_comuna
    left join fondes on comunas.cut_comuna = fondes.cut_comuna
    where comunas.cut_provincia = '033'
),

final as (
    select
        cut_comuna,
        comuna,
        poblacion_censo_2017,
        cajas_alimentos,
        delitos_stop,
        solicitudes_orasmi,
        monto_orasmi,
        emergencias,
        organizaciones_fondes,
        monto_fondes,
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
