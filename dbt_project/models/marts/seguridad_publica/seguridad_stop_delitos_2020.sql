-- The printed STOP table (report II.5.a): cases in the province of Huasco in 2020 per crime,
-- the two printed subtotals and the total, all summed from the crime rows, beside the umbral
-- the system gave for the year to date at its last cut of 2020.
with

casos as (
    select * from {{ ref('seguridad_stop_casos') }}
),

umbrales as (
    select * from {{ ref('int_stop__umbrales_classified') }}
),

clasificacion as (
    select * from {{ ref('delitos_clasificacion') }}
),

printed_rows as (
    select distinct
        delito,
        nivel,
        grupo,
        orden
    from clasificacion
    where is_tabla_stop
),

huasco_2020 as (
    select
        delito,
        grupo,
        casos
    from casos
    where
        cut_provincia = '033'
        and anio = 2020
        and is_tabla_stop
),

por_delito as (
    select
        delito,
        sum(casos) as cantidad
    from huasco_2020
    group by delito
),

por_grupo as (
    select
        grupo,
        sum(casos) as cantidad
    from huasco_2020
    group by grupo
),

total as (
    select sum(casos) as cantidad
    from huasco_2020
),

umbral_a_la_fecha as (
    select
        delito,
        umbral
    from umbrales
    where
        cut_provincia = '033'
        and anio = 2020
        and periodo_key = 'ano a la fecha'
        and is_ultimo_corte
),

table_rows as (
    select
        printed_rows.orden,
        printed_rows.delito,
        umbral_a_la_fecha.umbral as umbral_respecto_2019,
        cast(
            coalesce(
                case printed_rows.nivel
                    when 'delito' then por_delito.cantidad
                    when 'grupo' then por_grupo.cantidad
                    else total.cantidad
                end,
                0
            ) as bigint
        ) as cantidad_anio_2020,
        printed_rows.nivel <> 'delito' as is_total
    from printed_rows
    left join por_delito
        on
            printed_rows.nivel = 'delito'
            and printed_rows.delito = por_delito.delito
    left join por_grupo
        on
            printed_rows.nivel = 'grupo'
            and printed_rows.grupo = por_grupo.grupo
    cross join total
    left join umbral_a_la_fecha
        on printed_rows.delito = umbral_a_la_fecha.delito
),

final as (
    select
        orden,
        delito,
        is_total,
        cantidad_anio_2020,
        umbral_respecto_2019
    from table_rows
)

select * from final
