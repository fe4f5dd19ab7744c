-- People attended by the social area per year (each person once, whatever the number of
-- attentions) and the attentions given, by kind.
with

atenciones as (
    select * from {{ ref('area_social_atenciones') }}
),

por_anio as (
    select
        anio,
        count(distinct rut_persona_hash) as personas_atendidas,
        count(*) as atenciones,
        sum(case when tipo_atencion = 'Orientación' then 1 else 0 end) as orientaciones,
        sum(
            case when tipo_atencion = 'Emisión de cartola RSH' then 1 else 0 end
        ) as cartolas_rsh,
        sum(case when tipo_atencion = 'Otra consulta' then 1 else 0 end) as otras_consultas
    from atenciones
    group by anio
),

final as (
    select
        anio,
        cast(personas_atendidas as bigint) as personas_atendidas,
        cast(atenciones as bigint) as atenciones,
        cast(orientaciones as bigint) as orientaciones,
        cast(cartolas_rsh as bigint) as cartolas_rsh,
        cast(otras_consultas as bigint) as otras_consultas
    from por_anio
)

select * from final
