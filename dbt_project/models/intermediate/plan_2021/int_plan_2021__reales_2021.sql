-- What the province of Huasco actually reached in 2021, per target of the 2021 plan, from
-- the 2021 records of the sections' marts. A target appears only when its source has 2021
-- records; targets with no source yet (diálogos, extranjería outreach, protection-network
-- meetings, FONDES trainings) are absent and show as «sin datos 2021» in the mart.
with

get_plazas as (
    select * from {{ ref('get_plazas') }}
),

bienes_nacionales as (
    select * from {{ ref('convenios_bienes_nacionales_atenciones') }}
),

pidi as (
    select * from {{ ref('convenios_pidi_actividades') }}
),

buena_energia as (
    select * from {{ ref('convenios_buena_energia_beneficiarios') }}
),

fondes as (
    select * from {{ ref('fondes_proyectos') }}
),

orasmi as (
    select * from {{ ref('orasmi_solicitudes') }}
),

plazas_2021 as (
    select
        'plazas_ciudadanas' as meta_id,
        'get_plazas' as modelo_fuente,
        cast(count(*) as double) as valor_real,
        count(*) as registros_2021,
        max(fecha_plaza) as ultima_fecha_real
    from get_plazas
    where anio = 2021 and cut_provincia = '033'
    having count(*) > 0
),

publico_plazas_2021 as (
    select
        'publico_plazas_ciudadanas' as meta_id,
        'get_plazas' as modelo_fuente,
        cast(sum(personas_atendidas) as double) as valor_real,
        count(*) as registros_2021,
        max(fecha_plaza) as ultima_fecha_real
    from get_plazas
    where anio = 2021 and cut_provincia = '033'
    having count(*) > 0
),

-- The attention log carries no person: each attention stands for one user served.
bienes_nacionales_2021 as (
    select
        'usuarios_bienes_nacionales' as meta_id,
        'convenios_bienes_nacionales_atenciones' as modelo_fuente,
        cast(count(*) as double) as valor_real,
        count(*) as registros_2021,
        max(fecha_atencion) as ultima_fecha_real
    from bienes_nacionales
    where anio = 2021 and cut_provincia = '033'
    having count(*) > 0
),

-- CONADI attentions are the PIDI records of type «Acreditaciones de calidad indígena»
-- (general attentions and certificates), one row each.
conadi_2021 as (
    select
        'atenciones_conadi' as meta_id,
        'convenios_pidi_actividades' as modelo_fuente,
        cast(count(*) as double) as valor_real,
        count(*) as registros_2021,
        max(fecha_actividad) as ultima_fecha_real
    from pidi
    where
        anio = 2021
        and cut_provincia = '033'
        and {{ normalize_label('tipo_actividad') }} = 'acreditaciones de calidad indigena'
    having count(*) > 0
),

buena_energia_2021 as (
    select
        'familias_buena_energia' as meta_id,
        'convenios_buena_energia_beneficiarios' as modelo_fuente,
        cast(count(distinct rut_asistente_hash) as double) as valor_real,
        count(*) as registros_2021,
        max(fecha_primer_taller) as ultima_fecha_real
    from buena_energia
    where anio = 2021 and cut_provincia = '033'
    having count(*) > 0
),

-- The contest is decided once a year: its records carry no date.
fondes_2021 as (
    select
        'agrupaciones_fondes' as meta_id,
        'fondes_proyectos' as modelo_fuente,
        cast(count(distinct rut_organizacion_hash) as double) as valor_real,
        count(*) as registros_2021,
        cast(null as date) as ultima_fecha_real
    from fondes
    where anio = 2021 and cut_provincia = '033' and is_adjudicado
    having count(*) > 0
),

-- The highest Registro Social de Hogares bracket reached by the aid paid in 2021: the upper
-- bound of brackets written «0-40%».
orasmi_2021 as (
    select
        'focalizacion_orasmi' as meta_id,
        'orasmi_solicitudes' as modelo_fuente,
        cast(max(try_cast(replace(split_part(tramo_rsh, '-', 2), '%', '') as integer)) as double)
            as valor_real,
        count(*) as registros_2021,
        max(coalesce(fecha_resultado, fecha_solicitud)) as ultima_fecha_real
    from orasmi
    where anio = 2021 and cut_provincia = '033' and is_atendida
    having count(*) > 0
),

final as (
    select * from plazas_2021
    union all
    select * from publico_plazas_2021
    union all
    select * from bienes_nacionales_2021
    union all
    select * from conadi_2021
    union all
    select * from buena_energia_2021
    union all
    select * from fondes_2021
    union all
    select * from orasmi_2021
)

select * from final
