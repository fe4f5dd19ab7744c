-- Section II.4 (Protección Social) as contributions, in every province and year of the log
-- (the report gives its figures in the text only): the first activity of each area adds one
-- area to «tres áreas»; each activity of «Difusión» adds the people it informed; each
-- activity of «Coordinación» adds one meeting; the first activity of each instance of
-- «Capacitación» adds one instance.
with

actividades as (
    select * from {{ ref('proteccion_social_actividades') }}
),

sequenced as (
    select
        cut_provincia,
        anio,
        area,
        instancia_key,
        numero_personas,
        source_file_name,
        source_sha256,
        source_line_number,
        row_number() over (
            partition by cut_provincia, anio, area
            order by source_file_name, source_line_number
        ) as area_sequence,
        row_number() over (
            partition by cut_provincia, anio, area, instancia_key
            order by source_file_name, source_line_number
        ) as instance_sequence
    from actividades
),

text_rows as (
    select
        cut_provincia,
        anio,
        'proteccion_social__texto__areas' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from sequenced
    where
        area is not null
        and area_sequence = 1
    union all
    select
        cut_provincia,
        anio,
        'proteccion_social__texto__personas_informadas' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(numero_personas as double) as contribution
    from sequenced
    where
        area = 'Difusión'
        and numero_personas is not null
    union all
    select
        cut_provincia,
        anio,
        'proteccion_social__texto__reuniones_coordinacion' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from sequenced
    where area = 'Coordinación'
    union all
    select
        cut_provincia,
        anio,
        'proteccion_social__texto__instancias_capacitacion' as figure_id,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from sequenced
    where
        area = 'Capacitación'
        and instancia_key is not null
        and instance_sequence = 1
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
        'raw.proteccion_social_actividades' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from text_rows
),

final as (
    {{ stack(['text_figures'], contribution_columns()) }}
)

select * from final
