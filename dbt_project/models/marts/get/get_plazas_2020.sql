-- The printed table «Programa Gobierno en Terreno 2020» (report II.1): services taking
-- part and people attended in each plaza of 2020, then the printed total of people.
with

plazas as (
    select * from {{ ref('get_plazas') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

por_plaza as (
    select
        localidad_impresa as localidad,
        false as is_total,
        servicios_participantes,
        personas_atendidas
    from plazas
    where
        anio = 2020
        and cut_provincia = '033'
),

total as (
    select
        'TOTAL DE ATENCIONES' as localidad,
        true as is_total,
        -- printed blank: services repeat across plazas (the distinct count is in the text)
        cast(null as bigint) as servicios_participantes,
        sum(personas_atendidas) as personas_atendidas
    from por_plaza
),

table_rows as (
    select * from por_plaza
    union all
    select * from total
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'get_plazas_2020'
),

final as (
    select
        printed_order.row_order as orden,
        table_rows.localidad,
        table_rows.is_total,
        cast(table_rows.servicios_participantes as bigint) as servicios_participantes,
        cast(table_rows.personas_atendidas as bigint) as personas_atendidas
    from table_rows
    left join printed_order
        on table_rows.localidad = printed_order.row_label
)

select * from final
