-- Part III (Programación periodo 2021) as computed figures: every cell of the three printed
-- tables (matched to the published figures by their labels) and the targets stated in the
-- text, each from the planning sheet (`int_plan_2021__metas_aggregated.valor_meta`), not
-- from the mart that adds the 2021 actuals, so other sections never hold these figures back.
with

plazas as (
    select * from {{ ref('plan_2021_plazas') }}
),

dialogos as (
    select * from {{ ref('plan_2021_dialogos') }}
),

proteccion_social as (
    select * from {{ ref('plan_2021_proteccion_social') }}
),

metas as (
    select * from {{ ref('int_plan_2021__metas_aggregated') }}
),

plaza_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'plan_2021_plazas' as table_id,
        comuna as row_group,
        localidad as row_label,
        'Público estimado' as column_label,
        cast(publico_estimado as double) as computed_value
    from plazas
),

dialogo_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'plan_2021_dialogos' as table_id,
        comuna as row_group,
        localidad as row_label,
        'Localidad' as column_label,
        cast(dialogos as double) as computed_value
    from dialogos
),

proteccion_social_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'plan_2021_proteccion_social' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        politica_social as row_label,
        'Cantidad' as column_label,
        cast(cantidad as double) as computed_value
    from proteccion_social
),

text_figures as (
    select
        figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        valor_meta as computed_value
    from metas
    where figure_id is not null
),

final as (
    select * from plaza_cells
    union all
    select * from dialogo_cells
    union all
    select * from proteccion_social_cells
    union all
    select * from text_figures
)

select * from final
