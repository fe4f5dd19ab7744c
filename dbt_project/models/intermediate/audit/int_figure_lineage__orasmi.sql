-- The source rows behind each section II.7 figure. For every request of the province of
-- Huasco attended in 2020: each payment and reversal row adds its amount (reversals
-- subtract) to the request's printed area and to the pesos of the text; the request's first
-- ledger row adds one request to the text and, when the applicant is a woman head of
-- household, 100 / requests attended to the percentage of women heads of household. The
-- first 2020 attention of each person of the social area adds one person.
with

movimientos as (
    select * from {{ ref('int_orasmi__solicitudes_classified') }}
),

solicitudes as (
    select * from {{ ref('orasmi_solicitudes') }}
),

resumen as (
    select * from {{ ref('orasmi_resumen_anual') }}
),

atenciones as (
    select * from {{ ref('area_social_atenciones') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

atendidas_huasco_2020 as (
    select
        numero_solicitud,
        etiqueta_publicada,
        is_mujer_jefa_hogar,
        source_file_name,
        source_line_number
    from solicitudes
    where
        is_atendida
        and cut_provincia = '033'
        and anio = 2020
),

resumen_huasco_2020 as (
    select solicitudes_atendidas
    from resumen
    where
        cut_provincia = '033'
        and anio = 2020
),

montos as (
    select
        atendidas_huasco_2020.etiqueta_publicada,
        movimientos.monto_movimiento,
        movimientos.source_file_name,
        movimientos.source_line_number
    from movimientos
    inner join atendidas_huasco_2020
        on movimientos.numero_solicitud = atendidas_huasco_2020.numero_solicitud
    where
        movimientos.is_counted
        and movimientos.estado in ('pagada', 'reversada')
),

area_cells as (
    select
        published.figure_id,
        montos.source_file_name,
        montos.source_line_number,
        cast(montos.monto_movimiento as double) as contribution
    from montos
    inner join published
        on
            published.table_id = 'orasmi_areas_2020'
            and published.column_label = 'Valor'
            and montos.etiqueta_publicada = published.row_label
),

request_text_rows as (
    select
        'orasmi__texto__monto' as figure_id,
        source_file_name,
        source_line_number,
        cast(monto_movimiento as double) as contribution
    from montos
    union all
    select
        'orasmi__texto__solicitudes' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from atendidas_huasco_2020
    union all
    select
        'orasmi__texto__porcentaje_mujeres_jefas_hogar' as figure_id,
        atendidas_huasco_2020.source_file_name,
        atendidas_huasco_2020.source_line_number,
        cast(
            100.0 / nullif(resumen_huasco_2020.solicitudes_atendidas, 0) as double
        ) as contribution
    from atendidas_huasco_2020
    cross join resumen_huasco_2020
    where atendidas_huasco_2020.is_mujer_jefa_hogar
),

personas_2020 as (
    select
        source_file_name,
        source_line_number,
        row_number() over (
            partition by rut_persona_hash
            order by fecha_atencion, source_file_name, source_line_number
        ) as person_sequence
    from atenciones
    where
        anio = 2020
        and rut_persona_hash is not null
),

final as (
    select
        figure_id,
        'raw.orasmi_solicitudes' as source_table,
        source_file_name,
        source_line_number,
        contribution
    from area_cells
    union all
    select
        figure_id,
        'raw.orasmi_solicitudes' as source_table,
        source_file_name,
        source_line_number,
        contribution
    from request_text_rows
    union all
    select
        'orasmi__texto__personas_area_social' as figure_id,
        'raw.area_social_atenciones' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from personas_2020
    where person_sequence = 1
)

select * from final
