-- Applications per month of submission, comuna, visa type, state, sex and nationality, all of
-- Atacama: additive counts to slice the applications any way (people are in
-- extranjeria_solicitudes_por_comuna, since they do not add up across groups).
with

solicitudes as (
    select * from {{ ref('extranjeria_solicitudes') }}
),

final as (
    select
        anio_solicitud,
        mes_solicitud,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_visa,
        estado,
        sexo,
        nacionalidad,
        cast(count(*) as bigint) as solicitudes
    from solicitudes
    group by
        anio_solicitud,
        mes_solicitud,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_visa,
        estado,
        sexo,
        nacionalidad
)

select * from final
