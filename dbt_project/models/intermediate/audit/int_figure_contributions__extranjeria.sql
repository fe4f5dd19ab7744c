-- Section «Extranjería» (II.3) as contributions: every counted application adds one
-- application to its visa type and to the total of applications, in the province of
-- residence and year of submission of the applicant; the first granted application of
-- each person adds one person to the residence visas of the text; every counted attention
-- to a foreigner adds one attention to the table's total of attentions and to the text, in
-- the province of the governorate whose office keeps the log (its rows carry no province
-- of their own: the comuna is the visitor's) and the year of the attention.
with

solicitudes as (
    select * from {{ ref('extranjeria_solicitudes') }}
),

atenciones as (
    select * from {{ ref('extranjeria_atenciones') }}
),

application_cells as (
    select
        cut_provincia,
        anio_solicitud as anio,
        'extranjeria_solicitudes' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        tipo_visa as row_label,
        'solicitudes_ingresadas' as column_key,
        false as is_total,
        'raw.extranjeria_solicitudes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from solicitudes
),

application_totals as (
    select
        cut_provincia,
        anio,
        table_id,
        figure_id,
        row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        column_key,
        true as is_total,
        source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from application_cells
),

atenciones_extranjeros as (
    select
        '{{ var("gobernacion_cut_provincia") }}' as cut_provincia,
        anio_atencion as anio,
        source_file_name,
        source_sha256,
        source_line_number
    from atenciones
    where is_extranjero
),

-- printed in the applications table as a total row of its own column
attention_totals as (
    select
        cut_provincia,
        anio,
        'extranjeria_solicitudes' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        'atenciones' as column_key,
        true as is_total,
        'raw.extranjeria_atenciones' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from atenciones_extranjeros
),

attention_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'extranjeria__texto__atenciones_extranjeros' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.extranjeria_atenciones' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from atenciones_extranjeros
),

visa_text_figures as (
    select
        cut_provincia,
        anio_solicitud as anio,
        'texto' as table_id,
        'extranjeria__texto__visas_residente_otorgadas' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.extranjeria_solicitudes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from solicitudes
    where is_otorgada
    -- people, not applications: someone granted twice in the year counts once
    qualify
        row_number() over (
            partition by cut_provincia, anio_solicitud, rut_solicitante_hash
            order by source_file_name, source_line_number
        ) = 1
),

final as (
    {{ stack([
        'application_cells', 'application_totals', 'attention_totals',
        'attention_text_figures', 'visa_text_figures',
    ], contribution_columns()) }}
)

select * from final
