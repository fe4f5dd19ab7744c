-- FONDES per contest year, comuna and printed organisation type: applications, awards,
-- organisations awarded and amounts requested and awarded.
with

proyectos as (
    select * from {{ ref('fondes_proyectos') }}
),

final as (
    select
        anio,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_organizacion,
        cast(count(*) as bigint) as n_postulaciones,
        cast(sum(case when is_adjudicado then 1 else 0 end) as bigint) as n_adjudicadas,
        cast(
            count(distinct case when is_adjudicado then rut_organizacion_hash end) as bigint
        ) as n_organizaciones_beneficiadas,
        cast(sum(monto_solicitado) as bigint) as monto_solicitado,
        cast(sum(monto_financiado) as bigint) as monto_adjudicado
    from proyectos
    group by anio, cut_comuna, comuna, cut_provincia, provincia, tipo_organizacion
)

select * from final
