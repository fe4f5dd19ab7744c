-- Section «Gobierno en Terreno» (II.1) as contributions, in the province and year of each
-- plaza held: each service taking part adds one service to its plaza; the first attention
-- of each person at a plaza adds one person to the plaza, to the total row and to the
-- people of the text; each plaza adds one plaza to the text (and one virtual plaza when
-- virtual), the first in-person plaza of each place one place; the first participation of
-- each service in the year one public service.
with

plazas as (
    select * from {{ ref('get_plazas') }}
),

servicios as (
    select * from {{ ref('get_servicios_participantes') }}
),

atenciones as (
    select * from {{ ref('get_atenciones') }}
),

plazas_sequenced as (
    select
        cut_provincia,
        anio,
        is_virtual,
        source_file_name,
        source_sha256,
        source_line_number,
        row_number() over (
            partition by cut_provincia, anio, is_virtual, localidad
            order by source_file_name, source_line_number
        ) as place_sequence
    from plazas
),

servicios_sequenced as (
    select
        cut_provincia,
        anio,
        localidad_impresa,
        source_file_name,
        source_sha256,
        source_line_number,
        row_number() over (
            partition by cut_provincia, anio, sigla_servicio
            order by source_file_name, source_line_number
        ) as service_sequence
    from servicios
),

-- a person attended by several services at one plaza is one person of that plaza
personas_por_plaza as (
    select
        cut_provincia,
        anio,
        localidad_impresa,
        source_file_name,
        source_sha256,
        source_line_number
    from atenciones
    qualify
        row_number() over (
            partition by id_plaza, rut_persona_hash
            order by source_file_name, source_line_number
        ) = 1
),

service_cells as (
    select
        cut_provincia,
        anio,
        'get_plazas' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        localidad_impresa as row_label,
        'servicios_participantes' as column_key,
        false as is_total,
        'raw.get_servicios' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from servicios_sequenced
),

person_cells as (
    select
        cut_provincia,
        anio,
        'get_plazas' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        localidad_impresa as row_label,
        'personas_atendidas' as column_key,
        false as is_total,
        'raw.get_atenciones' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from personas_por_plaza
),

-- the total row sums people only: services repeat across plazas (their count is in the text)
person_totals as (
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
    from person_cells
),

plaza_texts as (
    select
        'get__texto__plazas_de_atencion' as figure_id,
        *
    from plazas_sequenced
    union all
    select
        'get__texto__plazas_virtuales' as figure_id,
        *
    from plazas_sequenced
    where is_virtual
    union all
    select
        'get__texto__lugares_distintos' as figure_id,
        *
    from plazas_sequenced
    where
        not is_virtual
        and place_sequence = 1
),

plaza_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.get_plazas' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from plaza_texts
),

person_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'get__texto__personas_atendidas' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from person_cells
),

service_text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'get__texto__servicios_publicos' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.get_servicios' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from servicios_sequenced
    where service_sequence = 1
),

final as (
    {{ stack([
        'service_cells', 'person_cells', 'person_totals', 'plaza_text_figures',
        'person_text_figures', 'service_text_figures',
    ], contribution_columns()) }}
)

select * from final
