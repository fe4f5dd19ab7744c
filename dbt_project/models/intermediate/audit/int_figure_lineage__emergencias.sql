-- The source rows behind each section II.8 figure: every emergency counted in the province
-- of Huasco in 2020 adds one event to its detail row, to the printed Total and to the
-- text's emergencies, and its people killed to the text when it is a traffic accident. The
-- increase over 2019 is 100 * (events 2020 - events 2019) / events 2019: each 2020 event
-- adds 100 / events 2019 and each 2019 event takes 100 / events 2019 away, so the rows add
-- up to the unrounded increase (the report prints it rounded to a whole percent).
with

eventos as (
    select * from {{ ref('emergencias_eventos') }}
),

detalle as (
    select * from {{ ref('emergencias_detalle_2020') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

huasco as (
    select
        anio,
        tipo_emergencia,
        detalle_emergencia,
        fallecidos,
        source_file_name,
        source_line_number
    from eventos
    where
        anio in (2019, 2020)
        and cut_provincia = '033'
),

huasco_2020 as (
    select * from huasco
    where anio = 2020
),

eventos_2019 as (
    select count(*) as eventos
    from huasco
    where anio = 2019
),

printed_rows as (
    select
        tipo_emergencia as etiqueta_tipo,
        detalle_emergencia
    from detalle
    where not is_total
),

detail_cells as (
    select
        published.figure_id,
        huasco_2020.source_file_name,
        huasco_2020.source_line_number,
        cast(1 as double) as contribution
    from huasco_2020
    inner join printed_rows
        on huasco_2020.detalle_emergencia = printed_rows.detalle_emergencia
    inner join published
        on
            published.table_id = 'emergencias_detalle_2020'
            and published.column_label = 'Cantidad de hechos'
            and not published.is_total
            and coalesce(printed_rows.etiqueta_tipo, '') = coalesce(published.row_group, '')
            and printed_rows.detalle_emergencia = published.row_label
),

total_cells as (
    select
        published.figure_id,
        huasco_2020.source_file_name,
        huasco_2020.source_line_number,
        cast(1 as double) as contribution
    from huasco_2020
    inner join published
        on
            published.table_id = 'emergencias_detalle_2020'
            and published.column_label = 'Cantidad de hechos'
            and published.is_total
),

text_rows as (
    select
        'emergencias__texto__emergencias' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from huasco_2020
    union all
    select
        'emergencias__texto__aumento_vs_2019' as figure_id,
        huasco.source_file_name,
        huasco.source_line_number,
        cast(
            case when huasco.anio = 2020 then 100.0 else -100.0 end / eventos_2019.eventos
            as double
        ) as contribution
    from huasco
    cross join eventos_2019
    where eventos_2019.eventos > 0
    union all
    select
        'emergencias__texto__personas_fallecidas_transito' as figure_id,
        source_file_name,
        source_line_number,
        cast(fallecidos as double) as contribution
    from huasco_2020
    where
        tipo_emergencia = 'Accidente de tránsito'
        and fallecidos <> 0
),

unioned as (
    select * from detail_cells
    union all
    select * from total_cells
    union all
    select * from text_rows
),

final as (
    select
        figure_id,
        'raw.emergencias_eventos' as source_table,
        source_file_name,
        source_line_number,
        contribution
    from unioned
)

select * from final
