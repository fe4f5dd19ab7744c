-- The cells every edition prints, in the scope (province, year) the edition reports on.
with

published as (
    select * from {{ ref('published_figures') }}
),

editions as (
    select * from {{ ref('report_editions') }}
),

final as (
    select
        published.edition_id,
        editions.cut_provincia,
        editions.anio,
        published.figure_id,
        published.section,
        published.table_id,
        published.row_group,
        published.row_label,
        published.column_key,
        published.is_total,
        published.row_order
    from published
    inner join editions
        on published.edition_id = editions.edition_id
    where published.table_id <> 'texto'
)

select * from final
