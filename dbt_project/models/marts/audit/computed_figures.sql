-- One row per published figure the warehouse can compute, with the value it computes.
-- Table cells are matched to `published_figures` by their printed labels, so a mart whose
-- labels drift from the report shows up as an unmatched row (null figure_id).
with

published as (
    select * from {{ ref('published_figures') }}
),

computed as (
    {{ union_sections('int_figures__', [
        'figure_id', 'table_id', 'row_group', 'row_label', 'column_label', 'computed_value'
    ]) }}
),

matched as (
    select
        computed.table_id,
        computed.row_group,
        computed.row_label,
        computed.column_label,
        computed.computed_value,
        coalesce(computed.figure_id, published.figure_id) as figure_id
    from computed
    left join published
        on
            computed.figure_id is null
            and computed.table_id = published.table_id
            and coalesce(computed.row_group, '') = coalesce(published.row_group, '')
            and computed.row_label = published.row_label
            and computed.column_label = published.column_label
),

final as (
    select
        matched.figure_id,
        published.section,
        matched.table_id,
        matched.row_group,
        matched.row_label,
        matched.column_label,
        matched.computed_value
    from matched
    left join published
        on matched.figure_id = published.figure_id
)

select * from final
