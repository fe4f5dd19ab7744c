-- Which source rows (file and line) stand behind each published figure, and what each
-- contributes: summing `contribution` per figure recomputes the figure from its sources.
with

alimentos as (
    select * from {{ ref('int_figure_lineage__alimentos') }}
),

final as (
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from alimentos
)

select * from final
