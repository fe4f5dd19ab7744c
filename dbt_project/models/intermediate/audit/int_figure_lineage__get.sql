-- The source rows behind each section II.1 figure: in every plaza of Huasco held in 2020,
-- each service taking part adds one service to its plaza and the first attention of each
-- person adds one person to its plaza, to the printed total and to the text's people; each
-- plaza adds one plaza to the text (and one virtual plaza when virtual), the first plaza
-- of each in-person place one place; the first participation of each service in a 2020
-- plaza (any province, as the text counts them) adds one public service.
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

published as (
    select * from {{ ref('published_figures') }}
),

plazas_2020 as (
    select
        id_plaza,
        localidad,
        localidad_impresa,
        is_virtual,
        source_file_name,
        source_line_number,
        row_number() over (
            partition by is_virtual, localidad
            order by source_file_name, source_line_number
        ) as place_sequence
    from plazas
    where
        anio = 2020
        and cut_provincia = '033'
),

servicios_por_plaza as (
    select
        plazas_2020.localidad_impresa,
        servicios.source_file_name,
        servicios.source_line_number,
        row_number() over (
            partition by servicios.id_plaza, servicios.sigla_servicio
            order by servicios.source_file_name, servicios.source_line_number
        ) as service_sequence
    from servicios
    inner join plazas_2020
        on servicios.id_plaza = plazas_2020.id_plaza
    where servicios.sigla_servicio is not null
),

personas_por_plaza as (
    select
        plazas_2020.localidad_impresa,
        atenciones.source_file_name,
        atenciones.source_line_number,
        row_number() over (
            partition by atenciones.id_plaza, atenciones.rut_persona_hash
            order by atenciones.source_file_name, atenciones.source_line_number
        ) as person_sequence
    from atenciones
    inner join plazas_2020
        on atenciones.id_plaza = plazas_2020.id_plaza
    where atenciones.rut_persona_hash is not null
),

servicios_2020 as (
    select
        source_file_name,
        source_line_number,
        row_number() over (
            partition by sigla_servicio
            order by source_file_name, source_line_number
        ) as service_sequence
    from servicios
    where
        anio = 2020
        and sigla_servicio is not null
),

service_cells as (
    select
        published.figure_id,
        'raw.get_servicios' as source_table,
        servicios_por_plaza.source_file_name,
        servicios_por_plaza.source_line_number,
        cast(1 as double) as contribution
    from servicios_por_plaza
    inner join published
        on
            published.table_id = 'get_plazas_2020'
            and published.column_label = 'Nº de servicios participantes'
            and servicios_por_plaza.localidad_impresa = published.row_label
    where servicios_por_plaza.service_sequence = 1
),

person_cells as (
    select
        published.figure_id,
        'raw.get_atenciones' as source_table,
        personas_por_plaza.source_file_name,
        personas_por_plaza.source_line_number,
        cast(1 as double) as contribution
    from personas_por_plaza
    inner join published
        on
            published.table_id = 'get_plazas_2020'
            and published.column_label = 'Nº de personas atendidas'
            and (personas_por_plaza.localidad_impresa = published.row_label or published.is_total)
    where personas_por_plaza.person_sequence = 1
),

text_rows as (
    select
        'get__texto__lugares_distintos' as figure_id,
        'raw.get_plazas' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from plazas_2020
    where
        not is_virtual
        and localidad is not null
        and place_sequence = 1
    union all
    select
        'get__texto__plazas_virtuales' as figure_id,
        'raw.get_plazas' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from plazas_2020
    where is_virtual
    union all
    select
        'get__texto__plazas_de_atencion' as figure_id,
        'raw.get_plazas' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from plazas_2020
    union all
    select
        'get__texto__personas_atendidas' as figure_id,
        'raw.get_atenciones' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from personas_por_plaza
    where person_sequence = 1
    union all
    select
        'get__texto__servicios_publicos' as figure_id,
        'raw.get_servicios' as source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from servicios_2020
    where service_sequence = 1
),

unioned as (
    select * from service_cells
    union all
    select * from person_cells
    union all
    select * from text_rows
),

final as (
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        contribution
    from unioned
)

select * from final
