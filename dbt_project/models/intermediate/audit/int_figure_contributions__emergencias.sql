-- Section II.8 «Emergencias» as contributions, in every province and year: each counted
-- emergency adds one event to its detail row (under its type's printed label, which for
-- traffic accidents carries the people killed that year in the province, by the template in
-- emergencias_tipos), to the total row and to the text's emergencies, and its people killed
-- to the text when it is a traffic accident. The increase over the previous year is
-- 100 * (events - previous events) / previous events: each event of the year adds
-- 100 / previous events and each event of the previous year takes as much away, so the rows
-- add up to the unrounded increase (the report prints it rounded).
with

eventos as (
    select * from {{ ref('emergencias_eventos') }}
),

tipos as (
    select * from {{ ref('emergencias_tipos') }}
),

anios as (
    select distinct anio
    from eventos
),

eventos_por_anio as (
    select
        cut_provincia,
        anio,
        count(*) as eventos
    from eventos
    group by cut_provincia, anio
),

fallecidos_por_tipo as (
    select
        cut_provincia,
        anio,
        tipo_emergencia,
        sum(coalesce(fallecidos, 0)) as fallecidos
    from eventos
    group by cut_provincia, anio, tipo_emergencia
),

printed_types as (
    select
        eventos.cut_provincia,
        eventos.anio,
        eventos.detalle_emergencia,
        eventos.source_file_name,
        eventos.source_sha256,
        eventos.source_line_number,
        replace(
            tipos.etiqueta_tipo_impresa,
            '{fallecidos}',
            cast(cast(fallecidos_por_tipo.fallecidos as bigint) as {{ dbt.type_string() }})
        ) as etiqueta_tipo
    from eventos
    inner join tipos
        on eventos.clave = tipos.clave
    inner join fallecidos_por_tipo
        on
            eventos.cut_provincia = fallecidos_por_tipo.cut_provincia
            and eventos.anio = fallecidos_por_tipo.anio
            and eventos.tipo_emergencia = fallecidos_por_tipo.tipo_emergencia
),

detail_cells as (
    select
        cut_provincia,
        anio,
        'emergencias_detalle' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        etiqueta_tipo as row_group,
        detalle_emergencia as row_label,
        'cantidad_hechos' as column_key,
        false as is_total,
        'raw.emergencias_eventos' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from printed_types
),

total_cells as (
    select
        cut_provincia,
        anio,
        table_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        column_key,
        true as is_total,
        source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from detail_cells
),

emergencias_text as (
    select
        cut_provincia,
        anio,
        'emergencias__texto__emergencias' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from eventos
),

-- the events of the year and of the previous one, both counted in the year's figure, when
-- the records reach that year and the previous one had events
increase_rows as (
    select
        eventos.cut_provincia,
        anios.anio,
        eventos.source_file_name,
        eventos.source_sha256,
        eventos.source_line_number,
        case when eventos.anio = anios.anio then 100.0 else -100.0 end
        / eventos_por_anio.eventos as contribution
    from eventos
    inner join anios
        on eventos.anio in (anios.anio, anios.anio - 1)
    inner join eventos_por_anio
        on
            eventos.cut_provincia = eventos_por_anio.cut_provincia
            and anios.anio - 1 = eventos_por_anio.anio
),

increase_text as (
    select
        cut_provincia,
        anio,
        'emergencias__texto__aumento_vs_anio_anterior' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(contribution as double) as contribution
    from increase_rows
),

killed_text as (
    select
        cut_provincia,
        anio,
        'emergencias__texto__personas_fallecidas_transito' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(fallecidos as double) as contribution
    from eventos
    where
        tipo_emergencia = 'Accidente de tránsito'
        and fallecidos <> 0
),

text_rows as (
    select * from emergencias_text
    union all
    select * from increase_text
    union all
    select * from killed_text
),

text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.emergencias_eventos' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from text_rows
),

final as (
    {{ stack(['detail_cells', 'total_cells', 'text_figures'], contribution_columns()) }}
)

select * from final
