-- What each province actually reached in each year, per target of the plans, from the
-- records of the sections' marts. A target appears for a province and year only when its
-- source has records there; targets with no source yet (diálogos, extranjería outreach,
-- protection-network meetings, FONDES trainings) are absent and show as «sin datos del
-- año» in the mart.
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

plazas_reales as (
    select
        cut_provincia,
        anio,
        'plazas_ciudadanas' as meta_id,
        'get_plazas' as modelo_fuente,
        cast(count(*) as double) as valor_real,
        count(*) as registros,
        max(fecha_plaza) as ultima_fecha_real
    from get_plazas
    group by cut_provincia, anio
),

publico_plazas_reales as (
    select
        cut_provincia,
        anio,
        'publico_plazas_ciudadanas' as meta_id,
        'get_plazas' as modelo_fuente,
        cast(sum(personas_atendidas) as double) as valor_real,
        count(*) as registros,
        max(fecha_plaza) as ultima_fecha_real
    from get_plazas
    group by cut_provincia, anio
),

-- The attention log carries no person: each attention stands for one user served.
bienes_nacionales_reales as (
    select
        cut_provincia,
        anio,
        'usuarios_bienes_nacionales' as meta_id,
        'convenios_bienes_nacionales_atenciones' as modelo_fuente,
        cast(count(*) as double) as valor_real,
        count(*) as registros,
        max(fecha_atencion) as ultima_fecha_real
    from bienes_nacionales
    group by cut_provincia, anio
),

-- CONADI attentions are the PIDI records of type «Acreditaciones de calidad indígena»
-- (general attentions and certificates), one row each.
conadi_reales as (
    select
        cut_provincia,
        anio,
        'atenciones_conadi' as meta_id,
        'convenios_pidi_actividades' as modelo_fuente,
        cast(count(*) as double) as valor_real,
        count(*) as registros,
        max(fecha_actividad) as ultima_fecha_real
    from pidi
    where {{ normalize_label('tipo_actividad') }} = 'acreditaciones de calidad indigena'
    group by cut_provincia, anio
),

buena_energia_reales as (
    select
        cut_provincia,
        anio,
        'familias_buena_energia' as meta_id,
        'convenios_buena_energia_beneficiarios' as modelo_fuente,
        cast(count(distinct rut_asistente_hash) as double) as valor_real,
        count(*) as registros,
        max(fecha_primer_taller) as ultima_fecha_real
    from buena_energia
    group by cut_provincia, anio
),

-- The contest is decided once a year: its records carry no date.
fondes_reales as (
    select
        cut_provincia,
        anio,
        'agrupaciones_fondes' as meta_id,
        'fondes_proyectos' as modelo_fuente,
        cast(count(distinct rut_organizacion_hash) as double) as valor_real,
        count(*) as registros,
        cast(null as date) as ultima_fecha_real
    from fondes
    where is_adjudicado
    group by cut_provincia, anio
),

-- The highest Registro Social de Hogares bracket reached by the aid paid in the year: the upper
-- bound of brackets written «0-40%».
orasmi_reales as (
    select
        cut_provincia,
        anio,
        'focalizacion_orasmi' as meta_id,
        'orasmi_solicitudes' as modelo_fuente,
        cast(max(try_cast(replace(split_part(tramo_rsh, '-', 2), '%', '') as integer)) as double)
            as valor_real,
        count(*) as registros,
        max(coalesce(fecha_resultado, fecha_solicitud)) as ultima_fecha_real
    from orasmi
    where is_atendida
    group by cut_provincia, anio
),

final as (
    select * from plazas_reales
    union all
    select * from publico_plazas_reales
    union all
    select * from bienes_nacionales_reales
    union all
    select * from conadi_reales
    union all
    select * from buena_energia_reales
    union all
    select * from fondes_reales
    union all
    select * from orasmi_reales
)

select * from final
