-- The printed table «Gobierno en terreno Diálogos 2021» (report III.2): the citizen
-- dialogues planned for 2021 by comuna and locality, printed as «Maitencillo (2)».
with

actividades as (
    select * from {{ ref('plan_2021_actividades') }}
),

published_rows as (
    select * from {{ ref('published_figures') }}
),

dialogos as (
    select
        cut_comuna,
        comuna,
        localidad,
        cantidad,
        semestre
    from actividades
    where {{ normalize_label('tipo_actividad') }} = 'dialogo ciudadano'
),

por_localidad as (
    select
        cut_comuna,
        comuna,
        localidad,
        sum(cantidad) as dialogos,
        sum(case when semestre = 1 then cantidad else 0 end) as dialogos_primer_semestre,
        sum(case when semestre = 2 then cantidad else 0 end) as dialogos_segundo_semestre
    from dialogos
    group by cut_comuna, comuna, localidad
),

printed_order as (
    select distinct
        row_group,
        row_label,
        row_order
    from published_rows
    where table_id = 'plan_2021_dialogos'
),

final as (
    select
        printed_order.row_order as orden,
        por_localidad.cut_comuna,
        por_localidad.comuna,
        por_localidad.localidad,
        cast(por_localidad.dialogos as bigint) as dialogos,
        cast(por_localidad.dialogos_primer_semestre as bigint) as dialogos_primer_semestre,
        cast(por_localidad.dialogos_segundo_semestre as bigint) as dialogos_segundo_semestre,
        por_localidad.localidad
        || ' ('
        || cast(por_localidad.dialogos as {{ dbt.type_string() }})
        || ')' as etiqueta_impresa
    from por_localidad
    left join printed_order
        on
            por_localidad.comuna = printed_order.row_group
            and por_localidad.localidad = printed_order.row_label
)

select * from final
