-- The source rows behind each section II.4 figure, from the activities counted in 2020: the
-- first activity of each area adds one area to «tres áreas»; each activity of «Difusión»
-- adds the people it informed; each activity of «Coordinación» adds one meeting; the first
-- activity of each instance of «Capacitación» adds one instance.
with

actividades as (
    select * from {{ ref('proteccion_social_actividades') }}
),

actividades_2020 as (
    select
        area,
        instancia_key,
        numero_personas,
        source_file_name,
        source_line_number,
        row_number() over (
            partition by area
            order by source_file_name, source_line_number
        ) as area_sequence,
        row_number() over (
            partition by area, instancia_key
            order by source_file_name, source_line_number
        ) as instance_sequence
    from actividades
    where anio = 2020
),

text_rows as (
    select
        'proteccion_social__texto__areas' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from actividades_2020
    where
        area is not null
        and area_sequence = 1
    union all
    select
        'proteccion_social__texto__personas_informadas' as figure_id,
        source_file_name,
        source_line_number,
        cast(numero_personas as double) as contribution
    from actividades_2020
    where
        area = 'Difusión'
        and numero_personas is not null
    union all
    select
        'proteccion_social__texto__reuniones_coordinacion' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from actividades_2020
    where area = 'Coordinación'
    union all
    select
        'proteccion_social__texto__instancias_capacitacion' as figure_id,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from actividades_2020
    where
        area = 'Capacitación'
        and instancia_key is not null
        and instance_sequence = 1
),

final as (
    select
        figure_id,
        'raw.proteccion_social_actividades' as source_table,
        source_file_name,
        source_line_number,
        contribution
    from text_rows
)

select * from final
