-- The printed table «Entrega Beneficio “Alimentos para Chile”» (report II.6): boxes per
-- comuna of the province of Huasco in each round of 2020, then the printed total row.
with

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

huasco_2020 as (
    select
        comuna,
        numero_entrega
    from entregas
    where
        cut_provincia = '033'
        and extract(year from fecha_entrega) = 2020
),

por_comuna as (
    select
        comuna,
        false as is_total,
        sum(case when numero_entrega = 1 then 1 else 0 end) as primera_entrega,
        sum(case when numero_entrega = 2 then 1 else 0 end) as segunda_entrega,
        sum(case when numero_entrega = 3 then 1 else 0 end) as tercera_entrega
    from huasco_2020
    group by comuna
),

total as (
    select
        'Total por comuna' as comuna,
        true as is_total,
        sum(primera_entrega) as primera_entrega,
        sum(segunda_entrega) as segunda_entrega,
        sum(tercera_entrega) as tercera_entrega
    from por_comuna
),

table_rows as (
    select * from por_comuna
    union all
    select * from total
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'alimentos_entregas_2020'
),

final as (
    select
        printed_order.row_order as orden,
        table_rows.comuna,
        table_rows.is_total,
        cast(table_rows.primera_entrega as bigint) as primera_entrega,
        cast(table_rows.segunda_entrega as bigint) as segunda_entrega,
        cast(table_rows.tercera_entrega as bigint) as tercera_entrega
    from table_rows
    left join printed_order
        on table_rows.comuna = printed_order.row_label
)

select * from final
