-- One row per public service that took part in a plaza held, with the people it attended.
with

participaciones as (
    select * from {{ ref('int_get__servicios_classified') }}
    where is_counted
),

atenciones as (
    select * from {{ ref('int_get__atenciones_classified') }}
    where is_counted
),

plazas as (
    select * from {{ ref('int_get__plazas_classified') }}
    where is_counted
),

atendidas as (
    select
        id_plaza,
        sigla_servicio,
        count(distinct rut_persona_hash) as personas_atendidas,
        count(*) as atenciones
    from atenciones
    group by id_plaza, sigla_servicio
),

final as (
    select
        participaciones.id_plaza,
        participaciones.fecha_plaza,
        participaciones.localidad_impresa,
        plazas.cut_comuna,
        plazas.comuna,
        plazas.cut_provincia,
        plazas.provincia,
        participaciones.sigla_servicio,
        participaciones.servicio,
        participaciones.numero_funcionarios,
        cast(coalesce(atendidas.personas_atendidas, 0) as bigint) as personas_atendidas,
        cast(coalesce(atendidas.atenciones, 0) as bigint) as atenciones,
        participaciones.source_file_name,
        participaciones.source_sha256,
        participaciones.source_line_number,
        extract(year from participaciones.fecha_plaza) as anio
    from participaciones
    inner join plazas
        on participaciones.id_plaza = plazas.id_plaza
    left join atendidas
        on
            participaciones.id_plaza = atendidas.id_plaza
            and participaciones.sigla_servicio = atendidas.sigla_servicio
)

select * from final
