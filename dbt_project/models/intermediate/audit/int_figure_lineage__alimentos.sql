-- The source rows behind each section II.6 figure: every counted delivery adds one box to
-- its comuna and round, to the round's printed total and to the boxes stated in the text.
with

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

rondas as (
    select * from {{ ref('alimentos_rondas') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

huasco_2020 as (
    select
        entregas.comuna,
        entregas.source_file_name,
        entregas.source_line_number,
        rondas.etiqueta_publicada
    from entregas
    inner join rondas
        on entregas.numero_entrega = rondas.numero_entrega
    where
        entregas.cut_provincia = '033'
        and extract(year from entregas.fecha_entrega) = 2020
),

cell_rows as (
    select
        published.figure_id,
        huasco_2020.source_file_name,
        huasco_2020.source_line_number
    from huasco_2020
    inner join published
        on
            published.table_id = 'alimentos_entregas_2020'
            and huasco_2020.etiqueta_publicada = published.column_label
            and (huasco_2020.comuna = published.row_label or published.is_total)
),

text_rows as (
    select
        'alimentos__texto__cajas_mercaderia' as figure_id,
        source_file_name,
        source_line_number
    from huasco_2020
),

final as (
    select
        figure_id,
        'raw.alimentos_entregas' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from cell_rows
    union all
    select
        figure_id,
        'raw.alimentos_entregas' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from text_rows
)

select * from final
