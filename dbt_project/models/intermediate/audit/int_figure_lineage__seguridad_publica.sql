-- The source rows behind each section II.5 figure: every counted STOP case row of the
-- province of Huasco in 2020 adds its cases to its crime, to its group's printed subtotal
-- and to the printed TOTAL; each umbral is the single row the system gave for the crime
-- (or group, or total) at its last cut of 2020, year to date; every session held by the
-- Subcomité de Seguridad Pública in 2020 adds one session. The priorities of the regional
-- plan come from a reference seed and have no source rows.
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
),

umbrales as (
    select * from {{ ref('int_stop__umbrales_classified') }}
),

sesiones as (
    select * from {{ ref('seguridad_sesiones') }}
),

clasificacion as (
    select * from {{ ref('delitos_clasificacion') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

prioridades as (
    select * from {{ ref('seguridad_plan_regional_prioridades') }}
),

printed_rows as (
    select distinct
        delito,
        nivel,
        grupo
    from clasificacion
    where is_tabla_stop
),

casos_huasco_2020 as (
    select
        delito,
        grupo,
        casos,
        source_file_name,
        source_line_number
    from casos
    where
        cut_provincia = '033'
        and anio = 2020
        and is_tabla_stop
),

case_rows as (
    select
        printed_rows.delito as row_label,
        casos_huasco_2020.casos,
        casos_huasco_2020.source_file_name,
        casos_huasco_2020.source_line_number
    from casos_huasco_2020
    inner join printed_rows
        on
            (printed_rows.nivel = 'delito' and casos_huasco_2020.delito = printed_rows.delito)
            or (printed_rows.nivel = 'grupo' and casos_huasco_2020.grupo = printed_rows.grupo)
            or printed_rows.nivel = 'total'
),

case_cells as (
    select
        published.figure_id,
        'raw.stop_casos' as source_table,
        case_rows.source_file_name,
        case_rows.source_line_number,
        cast(case_rows.casos as double) as contribution
    from case_rows
    inner join published
        on
            published.table_id = 'stop_delitos_2020'
            and published.column_label = 'Cantidad año 2020'
            and case_rows.row_label = published.row_label
),

umbral_a_la_fecha as (
    select
        delito,
        umbral,
        source_file_name,
        source_line_number
    from umbrales
    where
        cut_provincia = '033'
        and anio = 2020
        and periodo_key = 'ano a la fecha'
        and is_ultimo_corte
),

umbral_cells as (
    select
        published.figure_id,
        'raw.stop_umbrales' as source_table,
        umbral_a_la_fecha.source_file_name,
        umbral_a_la_fecha.source_line_number,
        cast(umbral_a_la_fecha.umbral as double) as contribution
    from umbral_a_la_fecha
    inner join published
        on
            published.table_id = 'stop_delitos_2020'
            and published.column_label = 'Umbral (respecto al año 2019)'
            and umbral_a_la_fecha.delito = published.row_label
),

session_rows as (
    select
        'seguridad_publica__texto__sesiones_subcomite' as figure_id,
        'raw.seguridad_sesiones' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from sesiones
    where
        instancia = 'Subcomité de Seguridad Pública'
        and is_realizada
        and anio = 2020
),

-- The Plan Regional's priorities are reference data: their "source rows" are the lines of
-- the seed file (the header is line 1, priorities are listed in order).
priority_figures as (
    select 'seguridad_publica__texto__prioridades_propuesta' as figure_id
    union all
    select 'seguridad_publica__texto__prioridades_plan_regional' as figure_id
),

priority_rows as (
    select
        priority_figures.figure_id,
        'reference.seguridad_plan_regional_prioridades' as source_table,
        'seguridad_plan_regional_prioridades.csv' as source_file_name,
        cast(1 as double) as contribution,
        prioridades.numero_prioridad + 1 as source_line_number
    from prioridades
    cross join priority_figures
),

final as (
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from case_cells
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from umbral_cells
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from session_rows
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from priority_rows
)

select * from final
