-- One row per published figure of each edition that the warehouse computes: the sum of its
-- lineage. Once a printed table of an edition has source rows, a cell of it with none is 0
-- (nothing was recorded); a text figure without source rows is not computed.
with

published as (
    select * from {{ ref('published_figures') }}
),

lineage as (
    select * from {{ ref('figure_lineage') }}
),

sums as (
    select
        edition_id,
        figure_id,
        sum(contribution) as computed_value,
        count(*) as source_rows
    from lineage
    group by edition_id, figure_id
),

computed_tables as (
    select distinct
        published.edition_id,
        published.table_id
    from sums
    inner join published
        on
            sums.edition_id = published.edition_id
            and sums.figure_id = published.figure_id
    where published.table_id <> 'texto'
),

final as (
    select
        published.edition_id,
        published.figure_id,
        published.section,
        published.table_id,
        published.row_group,
        published.row_label,
        published.column_label,
        coalesce(sums.computed_value, 0) as computed_value,
        coalesce(sums.source_rows, 0) as source_rows
    from published
    left join computed_tables
        on
            published.edition_id = computed_tables.edition_id
            and published.table_id = computed_tables.table_id
    left join sums
        on
            published.edition_id = sums.edition_id
            and published.figure_id = sums.figure_id
    where sums.figure_id is not null or computed_tables.table_id is not null
)

select * from final
