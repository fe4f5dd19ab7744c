-- Section II.1 as computed figures: every printed cell of «Programa Gobierno en Terreno
-- 2020» (matched to the published figures by its labels) and the figures of the text.
with

plazas_2020 as (
    select * from {{ ref('get_plazas_2020') }}
),

plazas as (
    select * from {{ ref('get_plazas') }}
    where
        anio = 2020
        and cut_provincia = '033'
),

servicios as (
    select * from {{ ref('get_servicios_participantes') }}
    where anio = 2020
),

cells as (
    select
        localidad as row_label,
        'Nº de servicios participantes' as column_label,
        servicios_participantes as computed_value
    from plazas_2020
    where not is_total
    union all
    select
        localidad as row_label,
        'Nº de personas atendidas' as column_label,
        personas_atendidas as computed_value
    from plazas_2020
),

table_figures as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'get_plazas_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        row_label,
        column_label,
        cast(computed_value as double) as computed_value
    from cells
),

plaza_counts as (
    select
        count(distinct case when not is_virtual then localidad end) as lugares_distintos,
        sum(case when is_virtual then 1 else 0 end) as plazas_virtuales,
        count(*) as plazas_de_atencion,
        sum(personas_atendidas) as personas_atendidas
    from plazas
),

text_values as (
    select
        'get__texto__lugares_distintos' as figure_id,
        lugares_distintos as computed_value
    from plaza_counts
    union all
    select
        'get__texto__plazas_virtuales' as figure_id,
        plazas_virtuales as computed_value
    from plaza_counts
    union all
    select
        'get__texto__plazas_de_atencion' as figure_id,
        plazas_de_atencion as computed_value
    from plaza_counts
    union all
    select
        'get__texto__personas_atendidas' as figure_id,
        personas_atendidas as computed_value
    from plaza_counts
    union all
    select
        'get__texto__servicios_publicos' as figure_id,
        count(distinct sigla_servicio) as computed_value
    from servicios
),

text_figures as (
    select
        figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(computed_value as double) as computed_value
    from text_values
),

final as (
    select * from table_figures
    union all
    select * from text_figures
)

select * from final
