-- The printed table «Fondo social 2020 implementación/equipamiento» (report II.10):
-- organisations of the province of Huasco awarded FONDES in 2020 and the amount awarded,
-- per type of organisation, then the printed TOTAL row.
with

proyectos as (
    select * from {{ ref('fondes_proyectos') }}
),

tipos as (
    select * from {{ ref('fondes_tipos_organizacion') }}
),

adjudicados_2020 as (
    select
        tipo_organizacion,
        rut_organizacion_hash,
        monto_adjudicado
    from proyectos
    where
        cut_provincia = '033'
        and anio = 2020
        and is_adjudicado
),

printed_order as (
    select
        tipo_organizacion,
        min(orden) as orden
    from tipos
    group by tipo_organizacion
),

por_tipo as (
    select
        printed_order.orden,
        adjudicados_2020.tipo_organizacion,
        false as is_total,
        count(distinct adjudicados_2020.rut_organizacion_hash) as n_organizaciones_beneficiadas,
        sum(adjudicados_2020.monto_adjudicado) as monto
    from adjudicados_2020
    left join printed_order
        on adjudicados_2020.tipo_organizacion = printed_order.tipo_organizacion
    group by printed_order.orden, adjudicados_2020.tipo_organizacion
),

last_row as (
    select max(orden) as orden
    from printed_order
),

total_values as (
    select
        count(distinct rut_organizacion_hash) as n_organizaciones_beneficiadas,
        sum(monto_adjudicado) as monto
    from adjudicados_2020
),

-- computed from the organisations, not by adding the printed rows
total as (
    select
        last_row.orden + 1 as orden,
        'TOTAL' as tipo_organizacion,
        true as is_total,
        total_values.n_organizaciones_beneficiadas,
        total_values.monto
    from total_values
    cross join last_row
),

table_rows as (
    select * from por_tipo
    union all
    select * from total
),

final as (
    select
        cast(orden as integer) as orden,
        tipo_organizacion,
        is_total,
        cast(n_organizaciones_beneficiadas as bigint) as n_organizaciones_beneficiadas,
        cast(monto as bigint) as monto
    from table_rows
)

select * from final
