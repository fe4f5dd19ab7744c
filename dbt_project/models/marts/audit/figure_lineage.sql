-- Which source rows (file and line) stand behind each published figure, and what each
-- contributes: summing `contribution` per figure recomputes the figure from its sources.
with

lineage_alimentos as (
    select * from {{ ref('int_figure_lineage__alimentos') }}
),

lineage_convenios as (
    select * from {{ ref('int_figure_lineage__convenios') }}
),

lineage_fondes as (
    select * from {{ ref('int_figure_lineage__fondes') }}
),

final as (
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_alimentos
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_convenios
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_fondes
)

select * from final
