-- The printed table «Atención Bienes Nacionales» (report II.9.f): attentions in November
-- and December 2020 per comuna of the province of Huasco.
with

atenciones as (
    select * from {{ ref('convenios_bienes_nacionales_atenciones') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

por_comuna as (
    select
        comuna,
        count(*) as n_atenciones
    from atenciones
    where
        cut_provincia = '033'
        and anio = 2020
        and mes in (11, 12)
    group by comuna
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'convenio_bienes_nacionales_2020'
),

final as (
    select
        printed_order.row_order as orden,
        por_comuna.comuna,
        cast(por_comuna.n_atenciones as bigint) as n_atenciones
    from por_comuna
    left join printed_order
        on por_comuna.comuna = printed_order.row_label
)

select * from final
