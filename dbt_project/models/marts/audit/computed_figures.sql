-- One row per published figure the warehouse can compute, with the value it computes.
-- Table cells are matched to `published_figures` by their printed labels, so a mart whose
-- labels drift from the report shows up as an unmatched row (null figure_id).
with

published as (
    select * from {{ ref('published_figures') }}
),

figures_alimentos as (
    select * from {{ ref('int_figures__alimentos') }}
),

figures_convenios as (
    select * from {{ ref('int_figures__convenios') }}
),

figures_emergencias as (
    select * from {{ ref('int_figures__emergencias') }}
),

figures_extranjeria as (
    select * from {{ ref('int_figures__extranjeria') }}
),

figures_fondes as (
    select * from {{ ref('int_figures__fondes') }}
),

figures_get as (
    select * from {{ ref('int_figures__get') }}
),

figures_orasmi as (
    select * from {{ ref('int_figures__orasmi') }}
),

figures_plan_2021 as (
    select * from {{ ref('int_figures__plan_2021') }}
),

figures_proteccion_social as (
    select * from {{ ref('int_figures__proteccion_social') }}
),

figures_seguridad_publica as (
    select * from {{ ref('int_figures__seguridad_publica') }}
),

computed as (
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_alimentos
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_convenios
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_emergencias
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_extranjeria
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_fondes
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_get
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_orasmi
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_plan_2021
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_proteccion_social
    union all
    select
        figure_id,
        table_id,
        row_group,
        row_label,
        column_label,
        computed_value
    from figures_seguridad_publica
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
