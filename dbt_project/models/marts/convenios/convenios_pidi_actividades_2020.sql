-- The printed table «Detalle de actividades realizadas año 2020» of the PIDI programme
-- (report II.9.c): attentions, certificates, field visits and meetings of 2020.
with

actividades as (
    select * from {{ ref('convenios_pidi_actividades') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

por_detalle as (
    select
        tipo_actividad,
        detalle_actividad,
        count(*) as cantidad
    from actividades
    where
        cut_provincia = '033'
        and anio = 2020
    group by tipo_actividad, detalle_actividad
),

printed_order as (
    select distinct
        row_group,
        row_label,
        row_order
    from published_rows
    where table_id = 'convenio_pidi_2020'
),

final as (
    select
        printed_order.row_order as orden,
        por_detalle.tipo_actividad,
        por_detalle.detalle_actividad,
        cast(por_detalle.cantidad as bigint) as cantidad
    from por_detalle
    left join printed_order
        on
            por_detalle.tipo_actividad = printed_order.row_group
            and por_detalle.detalle_actividad = printed_order.row_label
)

select * from final
