-- Section II.5 as computed figures: every cell of the printed STOP table (matched to the
-- published figures by its labels), the priorities of the regional plan and the sessions
-- the Subcomité de Seguridad Pública held in 2020.
with

stop as (
    select * from {{ ref('seguridad_stop_delitos_2020') }}
),

prioridades as (
    select * from {{ ref('seguridad_plan_regional_prioridades') }}
),

sesiones as (
    select * from {{ ref('seguridad_sesiones') }}
),

cells as (
    select
        delito as row_label,
        'Cantidad año 2020' as column_label,
        cast(cantidad_anio_2020 as double) as computed_value
    from stop
    union all
    select
        delito as row_label,
        'Umbral (respecto al año 2019)' as column_label,
        cast(umbral_respecto_2019 as double) as computed_value
    from stop
),

table_figures as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'stop_delitos_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        row_label,
        column_label,
        computed_value
    from cells
),

prioridades_count as (
    select cast(count(*) as double) as computed_value
    from prioridades
),

text_counts as (
    select
        'seguridad_publica__texto__prioridades_propuesta' as figure_id,
        computed_value
    from prioridades_count
    union all
    select
        'seguridad_publica__texto__prioridades_plan_regional' as figure_id,
        computed_value
    from prioridades_count
    union all
    select
        'seguridad_publica__texto__sesiones_subcomite' as figure_id,
        cast(count(*) as double) as computed_value
    from sesiones
    where
        instancia = 'Subcomité de Seguridad Pública'
        and is_realizada
        and anio = 2020
),

text_figures as (
    select
        figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        computed_value
    from text_counts
),

final as (
    select * from table_figures
    union all
    select * from text_figures
)

select * from final
