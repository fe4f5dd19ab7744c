-- The source rows behind each section II.3 figure: every counted application of a resident
-- of Huasco submitted in 2020 adds one application to its visa type and to the printed
-- total of applications; the first granted application of each person adds one person to
-- the visas of the text; every counted attention to a foreigner in 2020 adds one attention
-- to the printed «Total, atenciones» and to the attentions of the text.
with

solicitudes as (
    select * from {{ ref('extranjeria_solicitudes') }}
),

atenciones as (
    select * from {{ ref('extranjeria_atenciones') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

solicitudes_huasco_2020 as (
    select
        tipo_visa,
        rut_solicitante_hash,
        is_otorgada,
        source_file_name,
        source_line_number
    from solicitudes
    where
        cut_provincia = '033'
        and anio_solicitud = 2020
),

personas_con_visa as (
    select
        source_file_name,
        source_line_number,
        row_number() over (
            partition by rut_solicitante_hash
            order by source_file_name, source_line_number
        ) as person_sequence
    from solicitudes_huasco_2020
    where
        is_otorgada
        and rut_solicitante_hash is not null
),

atenciones_extranjeros as (
    select
        source_file_name,
        source_line_number
    from atenciones
    where
        is_extranjero
        and anio_atencion = 2020
),

application_cells as (
    select
        published.figure_id,
        'raw.extranjeria_solicitudes' as source_table,
        solicitudes_huasco_2020.source_file_name,
        solicitudes_huasco_2020.source_line_number,
        cast(1 as double) as contribution
    from solicitudes_huasco_2020
    inner join published
        on
            published.table_id = 'extranjeria_solicitudes_2020'
            and (
                solicitudes_huasco_2020.tipo_visa = published.row_label
                or published.row_label = 'Total, solicitudes de Visas'
            )
),

attention_cells as (
    select
        published.figure_id,
        'raw.extranjeria_atenciones' as source_table,
        atenciones_extranjeros.source_file_name,
        atenciones_extranjeros.source_line_number,
        cast(1 as double) as contribution
    from atenciones_extranjeros
    inner join published
        on
            published.table_id = 'extranjeria_solicitudes_2020'
            and published.row_label = 'Total, atenciones'
),

text_rows as (
    select
        'extranjeria__texto__visas_residente_otorgadas' as figure_id,
        'raw.extranjeria_solicitudes' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from personas_con_visa
    where person_sequence = 1
    union all
    select
        'extranjeria__texto__atenciones_extranjeros' as figure_id,
        'raw.extranjeria_atenciones' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from atenciones_extranjeros
),

final as (
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from application_cells
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from attention_cells
    union all
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from text_rows
)

select * from final
