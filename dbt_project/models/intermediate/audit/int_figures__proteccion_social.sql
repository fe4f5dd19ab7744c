-- Section II.4 as computed figures: the text's figures, read from the 2020 table of areas.
with

metas as (
    select * from {{ ref('proteccion_social_metas_2020') }}
),

text_values as (
    select
        'proteccion_social__texto__areas' as figure_id,
        sum(case when actividades > 0 then 1 else 0 end) as computed_value
    from metas
    union all
    select
        'proteccion_social__texto__personas_informadas' as figure_id,
        personas as computed_value
    from metas
    where area = 'Difusión'
    union all
    select
        'proteccion_social__texto__reuniones_coordinacion' as figure_id,
        actividades as computed_value
    from metas
    where area = 'Coordinación'
    union all
    select
        'proteccion_social__texto__instancias_capacitacion' as figure_id,
        instancias as computed_value
    from metas
    where area = 'Capacitación'
),

final as (
    select
        figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(computed_value as double) as computed_value
    from text_values
)

select * from final
