-- Attentions of the social area per month, kind, channel, comuna of residence and sex,
-- with the people attended in each group (people are not additive across groups).
with

atenciones as (
    select * from {{ ref('area_social_atenciones') }}
),

final as (
    select
        anio,
        mes,
        tipo_atencion,
        canal,
        cut_comuna,
        comuna,
        sexo,
        cast(count(*) as bigint) as atenciones,
        cast(count(distinct rut_persona_hash) as bigint) as personas
    from atenciones
    group by
        anio,
        mes,
        tipo_atencion,
        canal,
        cut_comuna,
        comuna,
        sexo
)

select * from final
