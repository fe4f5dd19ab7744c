-- Section II.6 as computed figures: every cell of the printed table (matched to the
-- published figures by its labels) and the boxes stated in the text.
with

por_comuna as (
    select * from {{ ref('alimentos_entregas_por_comuna') }}
),

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

rondas as (
    select * from {{ ref('alimentos_rondas') }}
),

cells as (
    select
        por_comuna.comuna as row_label,
        rondas.etiqueta_publicada as column_label,
        case rondas.numero_entrega
            when 1 then por_comuna.primera_entrega
            when 2 then por_comuna.segunda_entrega
            when 3 then por_comuna.tercera_entrega
        end as computed_value
    from por_comuna
    cross join rondas
),

table_figures as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'alimentos_entregas_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        row_label,
        column_label,
        cast(computed_value as double) as computed_value
    from cells
),

text_figures as (
    select
        'alimentos__texto__cajas_mercaderia' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(count(*) as double) as computed_value
    from entregas
    where
        cut_provincia = '033'
        and extract(year from fecha_entrega) = 2020
),

final as (
    select * from table_figures
    union all
    select * from text_figures
)

select * from final
