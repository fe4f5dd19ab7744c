-- Applications and applicants per year of submission and comuna of residence, all of Atacama.
-- People are counted by their pseudonymised RUT: someone who applied twice counts once.
with

solicitudes as (
    select * from {{ ref('extranjeria_solicitudes') }}
),

final as (
    select
        anio_solicitud,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        cast(count(*) as bigint) as solicitudes,
        cast(sum(case when estado = 'otorgada' then 1 else 0 end) as bigint) as otorgadas,
        cast(sum(case when estado = 'rechazada' then 1 else 0 end) as bigint) as rechazadas,
        cast(sum(case when estado = 'desistida' then 1 else 0 end) as bigint) as desistidas,
        cast(sum(case when estado = 'en tramite' then 1 else 0 end) as bigint) as en_tramite,
        cast(count(distinct rut_solicitante_hash) as bigint) as personas_solicitantes,
        cast(
            count(distinct case when is_otorgada then rut_solicitante_hash end) as bigint
        ) as personas_con_visa_otorgada
    from solicitudes
    group by
        anio_solicitud,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia
)

select * from final
