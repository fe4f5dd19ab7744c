-- One row per plaza held (every year), with its place, services and people attended.
with

plazas as (
    select * from {{ ref('int_get__plazas_classified') }}
    where is_counted
),

servicios as (
    select * from {{ ref('get_servicios_participantes') }}
),

atenciones as (
    select * from {{ ref('get_atenciones') }}
),

por_plaza_servicios as (
    select
        id_plaza,
        count(distinct sigla_servicio) as servicios_participantes
    from servicios
    group by id_plaza
),

por_plaza_atenciones as (
    select
        id_plaza,
        count(distinct rut_persona_hash) as personas_atendidas,
        count(*) as atenciones,
        count(distinct case when sexo = 'F' then rut_persona_hash end) as mujeres_atendidas,
        count(distinct case when sexo = 'M' then rut_persona_hash end) as hombres_atendidos
    from atenciones
    group by id_plaza
),

final as (
    select
        plazas.id_plaza,
        plazas.fecha_plaza,
        plazas.localidad,
        plazas.localidad_impresa,
        plazas.modalidad,
        plazas.is_virtual,
        plazas.cut_comuna,
        plazas.comuna,
        plazas.cut_provincia,
        plazas.provincia,
        plazas.lugar,
        cast(coalesce(por_plaza_servicios.servicios_participantes, 0) as bigint)
            as servicios_participantes,
        cast(coalesce(por_plaza_atenciones.personas_atendidas, 0) as bigint)
            as personas_atendidas,
        cast(coalesce(por_plaza_atenciones.atenciones, 0) as bigint) as atenciones,
        cast(coalesce(por_plaza_atenciones.mujeres_atendidas, 0) as bigint) as mujeres_atendidas,
        cast(coalesce(por_plaza_atenciones.hombres_atendidos, 0) as bigint) as hombres_atendidos,
        plazas.source_file_name,
        plazas.source_sha256,
        plazas.source_line_number,
        extract(year from plazas.fecha_plaza) as anio
    from plazas
    left join por_plaza_servicios
        on plazas.id_plaza = por_plaza_servicios.id_plaza
    left join por_plaza_atenciones
        on plazas.id_plaza = por_plaza_atenciones.id_plaza
)

select * from final
