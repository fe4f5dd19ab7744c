-- The printed table of report III.5 (Programa de Fortalecimiento de la Gestión Provincial
-- del Sistema de Protección Social): meetings planned for 2021 per social policy,
-- printed as «2 mesas» and «2 reuniones ...».
with

actividades as (
    select * from {{ ref('plan_2021_actividades') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

proteccion_social as (
    select
        programa,
        tipo_actividad,
        unidad,
        cantidad
    from actividades
    where {{ normalize_label('eje') }} = 'proteccion social'
),

por_politica as (
    select
        programa,
        tipo_actividad,
        unidad,
        sum(cantidad) as cantidad
    from proteccion_social
    group by programa, tipo_actividad, unidad
),

printed_order as (
    select distinct
        row_label,
        row_order
    from published_rows
    where table_id = 'plan_2021_proteccion_social'
),

final as (
    select
        printed_order.row_order as orden,
        por_politica.programa as politica_social,
        por_politica.tipo_actividad,
        por_politica.unidad,
        cast(por_politica.cantidad as bigint) as cantidad,
        cast(por_politica.cantidad as {{ dbt.type_string() }})
        || ' '
        || por_politica.unidad as cantidad_impresa
    from por_politica
    left join printed_order
        on por_politica.programa = printed_order.row_label
)

select * from final
