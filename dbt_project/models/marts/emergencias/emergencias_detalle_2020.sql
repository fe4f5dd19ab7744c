-- The printed table «Detalles emergencias 2020» (report II.8): emergencies in the province
-- of Huasco in 2020 by type and detail, then the printed total. The type label of traffic
-- accidents carries the people killed, computed here («{fallecidos}» in emergencias_tipos).
with

eventos as (
    select * from {{ ref('emergencias_eventos') }}
    where
        anio = 2020
        and cut_provincia = '033'
),

tipos as (
    select * from {{ ref('emergencias_tipos') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

por_detalle as (
    select
        tipo_emergencia,
        detalle_emergencia,
        count(*) as cantidad_hechos
    from eventos
    group by tipo_emergencia, detalle_emergencia
),

fallecidos_por_tipo as (
    select
        tipo_emergencia,
        sum(fallecidos) as fallecidos
    from eventos
    group by tipo_emergencia
),

detail_rows as (
    select
        replace(
            tipos.etiqueta_tipo_impresa,
            '{fallecidos}',
            cast(cast(fallecidos_por_tipo.fallecidos as bigint) as {{ dbt.type_string() }})
        ) as tipo_emergencia,
        por_detalle.detalle_emergencia,
        false as is_total,
        por_detalle.cantidad_hechos
    from por_detalle
    inner join tipos
        on por_detalle.detalle_emergencia = tipos.detalle_emergencia
    inner join fallecidos_por_tipo
        on por_detalle.tipo_emergencia = fallecidos_por_tipo.tipo_emergencia
),

total as (
    select
        cast(null as {{ dbt.type_string() }}) as tipo_emergencia,
        'Total' as detalle_emergencia,
        true as is_total,
        sum(cantidad_hechos) as cantidad_hechos
    from detail_rows
),

table_rows as (
    select * from detail_rows
    union all
    select * from total
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'emergencias_detalle_2020'
),

final as (
    select
        printed_order.row_order as orden,
        table_rows.tipo_emergencia,
        table_rows.detalle_emergencia,
        table_rows.is_total,
        cast(table_rows.cantidad_hechos as bigint) as cantidad_hechos
    from table_rows
    left join printed_order
        on table_rows.detalle_emergencia = printed_order.row_label
)

select * from final
