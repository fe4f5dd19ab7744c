-- Which source rows (file and line) stand behind each published figure, and what each
-- contributes: summing `contribution` per figure recomputes the figure from its sources.
with

lineage_alimentos as (
    select * from {{ ref('int_figure_lineage__alimentos') }}
),

lineage_convenios as (
    select * from {{ ref('int_figure_lineage__convenios') }}
),

lineage_emergencias as (
    select * from {{ ref('int_figure_lineage__emergencias') }}
),

lineage_extranjeria as (
    select * from {{ ref('int_figure_lineage__extranjeria') }}
),

lineage_fondes as (
    select * from {{ ref('int_figure_lineage__fondes') }}
),

lineage_get as (
    select * from {{ ref('int_figure_lineage__get') }}
),

lineage_orasmi as (
    select * from {{ ref('int_figure_lineage__orasmi') }}
),

lineage_plan_2021 as (
    select * from {{ ref('int_figure_lineage__plan_2021') }}
),

lineage_proteccion_social as (
    select * from {{ ref('int_figure_lineage__proteccion_social') }}
),

lineage_seguridad_publica as (
    select * from {{ ref('int_figure_lineage__seguridad_publica') }}
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
    from lineage_emergencias
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_extranjeria
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_fondes
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_get
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_orasmi
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_plan_2021
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_proteccion_social
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from lineage_seguridad_publica
)

select * from final
