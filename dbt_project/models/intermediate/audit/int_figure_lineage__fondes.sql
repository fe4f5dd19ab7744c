-- The source rows behind each section II.10 figure: every application of Huasco awarded
-- in 2020 adds its amount to its type's «Monto», to the TOTAL and to the text's total; the
-- first awarded application of each organisation adds one organisation to its type, to
-- the TOTAL and to the text; the first of each comuna adds one comuna to the text.
with

proyectos as (
    select * from {{ ref('fondes_proyectos') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

adjudicados_2020 as (
    select
        tipo_organizacion,
        cut_comuna,
        monto_adjudicado,
        source_file_name,
        source_line_number,
        row_number() over (
            partition by rut_organizacion_hash
            order by source_line_number
        ) as organisation_sequence,
        row_number() over (
            partition by rut_organizacion_hash, tipo_organizacion
            order by source_line_number
        ) as organisation_type_sequence,
        row_number() over (
            partition by cut_comuna
            order by source_line_number
        ) as comuna_sequence
    from proyectos
    where
        cut_provincia = '033'
        and anio = 2020
        and is_adjudicado
),

table_cells as (
    select
        published.figure_id,
        adjudicados_2020.source_file_name,
        adjudicados_2020.source_line_number,
        case
            when published.column_label = 'Monto'
                then cast(adjudicados_2020.monto_adjudicado as double)
            else cast(1 as double)
        end as contribution
    from adjudicados_2020
    inner join published
        on
            published.table_id = 'fondes_organizaciones_2020'
            and (
                adjudicados_2020.tipo_organizacion = published.row_label
                or published.is_total
            )
    where
        published.column_label = 'Monto'
        or (published.is_total and adjudicados_2020.organisation_sequence = 1)
        or (not published.is_total and adjudicados_2020.organisation_type_sequence = 1)
),

text_figures as (
    select
        'fondes__texto__organizaciones_beneficiadas' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from adjudicados_2020
    where organisation_sequence = 1
    union all
    select
        'fondes__texto__comunas' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from adjudicados_2020
    where comuna_sequence = 1
    union all
    select
        'fondes__texto__monto_total' as figure_id,
        source_file_name,
        source_line_number,
        cast(monto_adjudicado as double) as contribution
    from adjudicados_2020
),

unioned as (
    select * from table_cells
    union all
    select * from text_figures
),

final as (
    select
        figure_id,
        'raw.fondes_proyectos' as source_table,
        source_file_name,
        source_line_number,
        contribution
    from unioned
)

select * from final
