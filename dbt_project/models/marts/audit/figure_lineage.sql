-- Which source rows (file and line) stand behind each published figure, and what each
-- contributes: summing `contribution` per figure recomputes the figure from its sources.
with

final as (
    {{ union_sections('int_figure_lineage__', lineage_columns()) }}
)

select * from final
