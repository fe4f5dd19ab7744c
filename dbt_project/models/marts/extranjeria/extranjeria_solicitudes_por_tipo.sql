-- The printed table «Extranjería 2020» (report II.3.b): applications submitted in 2020 by
-- residents of the province of Huasco, by visa type with the printed labels, the printed
-- total of applications and the office's attentions to foreigners in 2020 (printed in the
-- same table as «Total, atenciones»).
with

solicitudes as (
    select * from {{ ref('extranjeria_solicitudes') }}
),

atenciones as (
    select * from {{ ref('extranjeria_atenciones') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

por_tipo as (
    select
        tipo_visa as tipo_solicitud,
        false as is_total,
        count(*) as solicitudes_ingresadas
    from solicitudes
    where
        cut_provincia = '033'
        and anio_solicitud = 2020
    group by tipo_visa
),

total_solicitudes as (
    select
        'Total, solicitudes de Visas' as tipo_solicitud,
        true as is_total,
        sum(solicitudes_ingresadas) as solicitudes_ingresadas
    from por_tipo
),

total_atenciones as (
    select
        'Total, atenciones' as tipo_solicitud,
        true as is_total,
        count(*) as solicitudes_ingresadas
    from atenciones
    where
        is_extranjero
        and anio_atencion = 2020
),

table_rows as (
    select * from por_tipo
    union all
    select * from total_solicitudes
    union all
    select * from total_atenciones
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'extranjeria_solicitudes_2020'
),

final as (
    select
        printed_order.row_order as orden,
        table_rows.tipo_solicitud,
        table_rows.is_total,
        cast(table_rows.solicitudes_ingresadas as bigint) as solicitudes_ingresadas
    from table_rows
    left join printed_order
        on table_rows.tipo_solicitud = printed_order.row_label
)

select * from final
