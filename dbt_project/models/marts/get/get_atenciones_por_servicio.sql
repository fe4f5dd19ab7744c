-- Per province, year and public service: plazas it took part in, people it attended and
-- attentions.
with

servicios as (
    select * from {{ ref('get_servicios_participantes') }}
),

final as (
    select
        cut_provincia,
        provincia,
        anio,
        sigla_servicio,
        servicio,
        cast(count(*) as bigint) as plazas,
        cast(sum(personas_atendidas) as bigint) as personas_atendidas,
        cast(sum(atenciones) as bigint) as atenciones
    from servicios
    group by cut_provincia, provincia, anio, sigla_servicio, servicio
)

select * from final
