-- The printed table «Gobierno en terreno Plazas Ciudadanas 2021» (report III.2): the
-- plazas planned for 2021 by comuna and locality with their expected audience.
with

actividades as (
    select * from {{ ref('plan_2021_actividades') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

plazas as (
    select
        cut_comuna,
        comuna,
        localidad,
        cantidad,
        publico_estimado,
        fecha_estimada
    from actividades
    where {{ normalize_label('tipo_actividad') }} = 'plaza ciudadana'
),

por_localidad as (
    select
        cut_comuna,
        comuna,
        localidad,
        sum(cantidad) as plazas,
        sum(publico_estimado) as publico_estimado,
        min(fecha_estimada) as primera_fecha_estimada
    from plazas
    group by cut_comuna, comuna, localidad
),

printed_order as (
    select distinct
        row_group,
        row_label,
        row_order
    from published_rows
    where table_id = 'plan_2021_plazas'
),

final as (
    select
        printed_order.row_order as orden,
        por_localidad.cut_comuna,
        por_localidad.comuna,
        por_localidad.localidad,
        cast(por_localidad.plazas as bigint) as plazas,
        cast(por_localidad.publico_estimado as bigint) as publico_estimado,
        por_localidad.primera_fecha_estimada
    from por_localidad
    left join printed_order
        on
            por_localidad.comuna = printed_order.row_group
            and por_localidad.localidad = printed_order.row_label
)

select * from final
