-- Which source rows (file, checksum and line) stand behind each published figure of each
-- edition, and what each contributes: summing `contribution` per figure recomputes it.
-- Table cells are matched by their printed labels and column; text figures by their id.
with

contributions as (
    select * from {{ ref('int_figure_contributions') }}
),

editions as (
    select * from {{ ref('report_editions') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

scoped as (
    select
        contributions.*,
        editions.edition_id
    from contributions
    inner join editions
        on
            contributions.cut_provincia = editions.cut_provincia
            and contributions.anio = editions.anio
),

text_rows as (
    select
        scoped.edition_id,
        published.figure_id,
        scoped.source_table,
        scoped.source_file_name,
        scoped.source_sha256,
        scoped.source_line_number,
        scoped.contribution
    from scoped
    inner join published
        on
            scoped.edition_id = published.edition_id
            and scoped.figure_id = published.figure_id
),

cell_rows as (
    select
        scoped.edition_id,
        published.figure_id,
        scoped.source_table,
        scoped.source_file_name,
        scoped.source_sha256,
        scoped.source_line_number,
        scoped.contribution
    from scoped
    inner join published
        on
            scoped.edition_id = published.edition_id
            and scoped.table_id = published.table_id
            and scoped.column_key = published.column_key
            and scoped.row_label = published.row_label
            and coalesce(scoped.row_group, published.row_group, '')
            = coalesce(published.row_group, '')
    where scoped.figure_id is null
),

final as (
    select * from text_rows
    union all
    select * from cell_rows
)

select * from final
