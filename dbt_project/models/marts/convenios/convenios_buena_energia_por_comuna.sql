-- The printed table «Programa con Buena Energía» (report II.9.b): beneficiaries of 2020
-- per comuna of the province of Huasco.
with

beneficiarios as (
    select * from {{ ref('convenios_buena_energia_beneficiarios') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

por_comuna as (
    select
        comuna,
        count(*) as n_beneficiados
    from beneficiarios
    where
        cut_provincia = '033'
        and anio = 2020
    group by comuna
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'convenio_buena_energia_2020'
),

final as (
    select
        printed_order.row_order as orden,
        por_comuna.comuna,
        cast(por_comuna.n_beneficiados as bigint) as n_beneficiados
    from por_comuna
    left join printed_order
        on por_comuna.comuna = printed_order.row_label
)

select * from final
