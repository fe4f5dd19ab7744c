-- Section II.5 «Seguridad Pública» as contributions, in every province and year: each counted
-- STOP case row of a crime of the printed table adds its cases to its crime, to its group's
-- printed subtotal and to the printed total; each umbral is the single row the system gave
-- for the crime (or group, or total) at its last cut of the year, year to date, taken as
-- given; each session the Subcomité de Seguridad Pública held adds one session; each
-- priority of the regional plan (a seed) adds one priority to both text figures of every
-- province of its region.
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
    where is_tabla_stop
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

prioridades as (
    select * from {{ ref('seguridad_plan_regional_prioridades') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

printed_rows as (
    select distinct
        delito,
        nivel,
        grupo
    from clasificacion
    where is_tabla_stop
),

-- a case row counts toward its crime, its group's subtotal and the total
case_rows as (
    select
        casos.cut_provincia,
        casos.anio,
        printed_rows.delito as row_label,
        casos.casos,
        casos.source_file_name,
        casos.source_sha256,
        casos.source_line_number,
        printed_rows.nivel <> 'delito' as is_total
    from casos
    inner join printed_rows
        on
            (printed_rows.nivel = 'delito' and casos.delito = printed_rows.delito)
            or (printed_rows.nivel = 'grupo' and casos.grupo = printed_rows.grupo)
            or printed_rows.nivel = 'total'
),

case_cells as (
    select
        cut_provincia,
        anio,
        'stop_delitos' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        row_label,
        'cantidad' as column_key,
        is_total,
        'raw.stop_casos' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(casos as double) as contribution
    from case_rows
),

umbral_cells as (
    select
        umbrales.cut_provincia,
        umbrales.anio,
        'stop_delitos' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        umbrales.delito as row_label,
        'umbral' as column_key,
        umbrales.nivel <> 'delito' as is_total,
        'raw.stop_umbrales' as source_table,
        umbrales.source_file_name,
        umbrales.source_sha256,
        umbrales.source_line_number,
        cast(umbrales.umbral as double) as contribution
    from umbrales
    inner join printed_rows
        on umbrales.delito = printed_rows.delito
    where
        umbrales.cut_provincia is not null
        and umbrales.periodo_key = 'ano a la fecha'
        and umbrales.is_ultimo_corte
        and umbrales.umbral is not null
),

session_rows as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'seguridad_publica__texto__sesiones_subcomite' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.seguridad_sesiones' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from sesiones
    where
        instancia = 'Subcomité de Seguridad Pública'
        and is_realizada
),

provincias as (
    select distinct
        cut_region,
        cut_provincia
    from comunas
),

-- The Plan Regional's priorities are reference data: their "source rows" are the lines of
-- the seed file (the header is line 1, then plans by year and priorities in order).
priority_lines as (
    select
        cut_region,
        anio,
        row_number() over (order by anio, cut_region, numero_prioridad) + 1 as source_line_number
    from prioridades
),

priority_figures as (
    select 'seguridad_publica__texto__prioridades_propuesta' as figure_id
    union all
    select 'seguridad_publica__texto__prioridades_plan_regional' as figure_id
),

priority_rows as (
    select
        provincias.cut_provincia,
        priority_lines.anio,
        'texto' as table_id,
        priority_figures.figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'reference.seguridad_plan_regional_prioridades' as source_table,
        'seguridad_plan_regional_prioridades.csv' as source_file_name,
        cast(null as {{ dbt.type_string() }}) as source_sha256,
        priority_lines.source_line_number,
        cast(1 as double) as contribution
    from priority_lines
    inner join provincias
        on priority_lines.cut_region = provincias.cut_region
    cross join priority_figures
),

final as (
    {{ stack(
        ['case_cells', 'umbral_cells', 'session_rows', 'priority_rows'],
        contribution_columns(),
    ) }}
)

select * from final
