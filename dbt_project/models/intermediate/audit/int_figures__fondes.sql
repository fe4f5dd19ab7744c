-- Section II.10 as computed figures: every cell of the printed table (matched to the
-- published figures by its labels) and the organisations, comunas and amount of the text.
with

por_tipo as (
    select * from {{ ref('fondes_organizaciones_por_tipo') }}
),

proyectos as (
    select * from {{ ref('fondes_proyectos') }}
),

count_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'fondes_organizaciones_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        tipo_organizacion as row_label,
        'N° Organización Beneficiadas' as column_label,
        cast(n_organizaciones_beneficiadas as double) as computed_value
    from por_tipo
),

amount_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'fondes_organizaciones_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        tipo_organizacion as row_label,
        'Monto' as column_label,
        cast(monto as double) as computed_value
    from por_tipo
),

adjudicados_2020 as (
    select
        rut_organizacion_hash,
        cut_comuna,
        monto_adjudicado
    from proyectos
    where
        cut_provincia = '033'
        and anio = 2020
        and is_adjudicado
),

text_figures as (
    select
        'fondes__texto__organizaciones_beneficiadas' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(count(distinct rut_organizacion_hash) as double) as computed_value
    from adjudicados_2020
    union all
    select
        'fondes__texto__comunas' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(count(distinct cut_comuna) as double) as computed_value
    from adjudicados_2020
    union all
    select
        'fondes__texto__monto_total' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(sum(monto_adjudicado) as double) as computed_value
    from adjudicados_2020
),

final as (
    select * from count_cells
    union all
    select * from amount_cells
    union all
    select * from text_figures
)

select * from final
