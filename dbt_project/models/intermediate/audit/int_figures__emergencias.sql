-- Section II.8 as computed figures: every cell of «Detalles emergencias 2020» (matched to
-- the published figures by its labels) and the figures of the text: emergencies of 2020,
-- their increase over 2019 (unrounded: the reconciliation allows the printed rounding) and
-- the people killed in traffic accidents.
with

detalle as (
    select * from {{ ref('emergencias_detalle_2020') }}
),

comparacion as (
    select * from {{ ref('emergencias_comparacion_2019_2020') }}
    where cut_provincia = '033'
),

table_figures as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'emergencias_detalle_2020' as table_id,
        tipo_emergencia as row_group,
        detalle_emergencia as row_label,
        'Cantidad de hechos' as column_label,
        cast(cantidad_hechos as double) as computed_value
    from detalle
),

provincia as (
    select
        sum(eventos_2019) as eventos_2019,
        sum(eventos_2020) as eventos_2020,
        sum(case when tipo_emergencia = 'Accidente de tránsito' then fallecidos_2020 else 0 end)
            as fallecidos_transito_2020
    from comparacion
),

text_values as (
    select
        'emergencias__texto__emergencias' as figure_id,
        eventos_2020 as computed_value
    from provincia
    union all
    select
        'emergencias__texto__aumento_vs_2019' as figure_id,
        100.0 * (eventos_2020 - eventos_2019) / nullif(eventos_2019, 0) as computed_value
    from provincia
    union all
    select
        'emergencias__texto__personas_fallecidas_transito' as figure_id,
        fallecidos_transito_2020 as computed_value
    from provincia
),

text_figures as (
    select
        figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(computed_value as double) as computed_value
    from text_values
),

final as (
    select * from table_figures
    union all
    select * from text_figures
)

select * from final
