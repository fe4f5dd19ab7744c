-- Section «ORASMI» (II.7) as contributions, in the province of residence of the applicant
-- and the year each request counts in (its last standing payment). For every attended
-- request: each payment and reversal row adds its amount (reversals subtract) to the
-- request's printed area and to the pesos of the text; the request adds one request to the
-- text and, when the applicant is a woman head of household, 100 / requests attended to
-- the percentage of women heads of household. The first attention of the year of each
-- person of the social area adds one person, in the province of the governorate whose
-- office keeps that log (its rows name the visitor's comuna).
with

movimientos as (
    select * from {{ ref('int_orasmi__solicitudes_classified') }}
),

solicitudes as (
    select * from {{ ref('orasmi_solicitudes') }}
),

atenciones as (
    select * from {{ ref('area_social_atenciones') }}
),

atendidas as (
    select
        numero_solicitud,
        cut_provincia,
        anio,
        etiqueta_publicada,
        is_mujer_jefa_hogar,
        source_file_name,
        source_sha256,
        source_line_number,
        count(*) over (partition by cut_provincia, anio) as solicitudes_atendidas
    from solicitudes
    where is_atendida
),

montos as (
    select
        atendidas.cut_provincia,
        atendidas.anio,
        atendidas.etiqueta_publicada,
        movimientos.monto_movimiento,
        movimientos.source_file_name,
        movimientos.source_sha256,
        movimientos.source_line_number
    from movimientos
    inner join atendidas
        on movimientos.numero_solicitud = atendidas.numero_solicitud
    where
        movimientos.is_counted
        and movimientos.estado in ('pagada', 'reversada')
),

area_cells as (
    select
        cut_provincia,
        anio,
        'orasmi_areas' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        etiqueta_publicada as row_label,
        'valor' as column_key,
        false as is_total,
        'raw.orasmi_solicitudes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(monto_movimiento as double) as contribution
    from montos
    -- areas the table does not print still count in the pesos of the text
    where etiqueta_publicada is not null
),

amount_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'orasmi__texto__monto' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.orasmi_solicitudes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(monto_movimiento as double) as contribution
    from montos
),

request_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'orasmi__texto__solicitudes' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.orasmi_solicitudes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from atendidas
),

-- a percentage as contributions: each request of a woman head of household adds its share
share_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'orasmi__texto__porcentaje_mujeres_jefas_hogar' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.orasmi_solicitudes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(100.0 / solicitudes_atendidas as double) as contribution
    from atendidas
    where is_mujer_jefa_hogar
),

person_text_figures as (
    select
        '{{ var("gobernacion_cut_provincia") }}' as cut_provincia,
        anio,
        'texto' as table_id,
        'orasmi__texto__personas_area_social' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.area_social_atenciones' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from atenciones
    qualify
        row_number() over (
            partition by anio, rut_persona_hash
            order by fecha_atencion, source_file_name, source_line_number
        ) = 1
),

final as (
    {{ stack([
        'area_cells', 'amount_text_figures', 'request_text_figures', 'share_text_figures',
        'person_text_figures',
    ], contribution_columns()) }}
)

select * from final
