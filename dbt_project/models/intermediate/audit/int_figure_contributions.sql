-- Every section's contributions, stacked, with the label of a table's total row resolved:
-- a contribution to "the total" of a column takes the label its edition prints for it (or
-- `Total` in years no edition prints), so printed tables and figures see the same rows.
with

contributions as (
    {{ union_sections('int_figure_contributions__', contribution_columns()) }}
),

printed_totals as (
    select
        cut_provincia,
        anio,
        table_id,
        column_key,
        row_label
    from {{ ref('int_printed_rows') }}
    where is_total
    -- only where one total row holds the column; several totals are told apart by label
    qualify count(*) over (partition by cut_provincia, anio, table_id, column_key) = 1
),

final as (
    select
        contributions.cut_provincia,
        contributions.anio,
        contributions.table_id,
        contributions.figure_id,
        contributions.row_group,
        contributions.column_key,
        contributions.is_total,
        contributions.source_table,
        contributions.source_file_name,
        contributions.source_sha256,
        contributions.source_line_number,
        contributions.contribution,
        coalesce(
            contributions.row_label,
            printed_totals.row_label,
            case when contributions.is_total then 'Total' end
        ) as row_label
    from contributions
    left join printed_totals
        on
            contributions.row_label is null
            and contributions.is_total
            and contributions.cut_provincia = printed_totals.cut_provincia
            and contributions.anio = printed_totals.anio
            and contributions.table_id = printed_totals.table_id
            and contributions.column_key = printed_totals.column_key
)

select * from final
