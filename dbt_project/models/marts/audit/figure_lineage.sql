-- Which source rows (file and line) stand behind each published figure, and what each
-- contributes: summing `contribution` per figure recomputes the figure from its sources.
with

alimentos as (
    select * from {{ ref('int_figure_lineage__alimentos') }}
),

final as (
    select * from alimentos
)

select * from final
