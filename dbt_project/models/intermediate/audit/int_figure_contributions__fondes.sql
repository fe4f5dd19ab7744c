-- Section «Fondos» (FONDES) as contributions, in the province and contest year of each
-- awarded application: it adds its amount to its type's «Monto», to the total row and to
-- the text's total; the first awarded application of an organisation in its type adds one
-- organisation to that type, its first of the year one to the total row and to the text;
-- the first of each comuna adds one comuna to the text.
with

proyectos as (
    select * from {{ ref('fondes_proyectos') }}
),

adjudicados as (
    select
        cut_provincia,
        anio,
        tipo_organizacion,
        monto_adjudicado,
        source_file_name,
        source_sha256,
        source_line_number,
        row_number() over (
            partition by cut_provincia, anio, rut_organizacion_hash
            order by source_file_name, source_line_number
        ) as organisation_sequence,
        row_number() over (
            partition by cut_provincia, anio, rut_organizacion_hash, tipo_organizacion
            order by source_file_name, source_line_number
        ) as organisation_type_sequence,
        row_number() over (
            partition by cut_provincia, anio, cut_comuna
            order by source_file_name, source_line_number
        ) as comuna_sequence
    from proyectos
    where is_adjudicado
),

-- one row per application and printed cell or text figure it counts toward
counted as (
    select
        cut_provincia,
        anio,
        'fondes_organizaciones' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        tipo_organizacion as row_label,
        'monto' as column_key,
        false as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(monto_adjudicado as double) as contribution
    from adjudicados
    union all
    select
        cut_provincia,
        anio,
        'fondes_organizaciones' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_label,
        'monto' as column_key,
        true as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(monto_adjudicado as double) as contribution
    from adjudicados
    union all
    select
        cut_provincia,
        anio,
        'fondes_organizaciones' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        tipo_organizacion as row_label,
        'n_organizaciones_beneficiadas' as column_key,
        false as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from adjudicados
    where organisation_type_sequence = 1
    union all
    -- organisations, not rows of the table: one awarded under two types counts once
    select
        cut_provincia,
        anio,
        'fondes_organizaciones' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_label,
        'n_organizaciones_beneficiadas' as column_key,
        true as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from adjudicados
    where organisation_sequence = 1
    union all
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'fondes__texto__organizaciones_beneficiadas' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from adjudicados
    where organisation_sequence = 1
    union all
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'fondes__texto__comunas' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from adjudicados
    where comuna_sequence = 1
    union all
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'fondes__texto__monto_total' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(monto_adjudicado as double) as contribution
    from adjudicados
),

final as (
    select
        cut_provincia,
        anio,
        table_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        row_label,
        column_key,
        is_total,
        'raw.fondes_proyectos' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from counted
)

select * from final
