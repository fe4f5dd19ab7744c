-- The printed table «La ayuda otorgada por áreas fue la siguiente» (report II.7): pesos
-- paid (net of reversals) to the requests of the province of Huasco attended in 2020, per
-- printed area, in the printed order. Areas the table does not print are in
-- orasmi_solicitudes_por_area.
with

solicitudes as (
    select * from {{ ref('orasmi_solicitudes') }}
),

areas as (
    select * from {{ ref('orasmi_areas') }}
),

printed_rows as (
    select distinct
        etiqueta_publicada,
        orden_publicado
    from areas
    where etiqueta_publicada is not null
),

por_area as (
    select
        etiqueta_publicada,
        sum(monto_neto) as valor
    from solicitudes
    where
        is_atendida
        and cut_provincia = '033'
        and anio = 2020
    group by etiqueta_publicada
),

final as (
    select
        printed_rows.orden_publicado as orden,
        printed_rows.etiqueta_publicada as area,
        cast(coalesce(por_area.valor, 0) as bigint) as valor
    from printed_rows
    left join por_area
        on printed_rows.etiqueta_publicada = por_area.etiqueta_publicada
)

select * from final
