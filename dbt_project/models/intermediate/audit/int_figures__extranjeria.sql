-- Section II.3 as computed figures: every cell of the printed table «Extranjería 2020»
-- (matched to the published figures by its labels), the people granted a residence visa and
-- the attentions to foreigners stated in the text.
with

por_tipo as (
    select * from {{ ref('extranjeria_solicitudes_por_tipo') }}
),

solicitudes as (
    select * from {{ ref('extranjeria_solicitudes') }}
),

atenciones as (
    select * from {{ ref('extranjeria_atenciones') }}
),

table_figures as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'extranjeria_solicitudes_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        tipo_solicitud as row_label,
        'N° de solicitudes ingresadas' as column_label,
        cast(solicitudes_ingresadas as double) as computed_value
    from por_tipo
),

personas_con_visa as (
    select
        'extranjeria__texto__visas_residente_otorgadas' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(count(distinct rut_solicitante_hash) as double) as computed_value
    from solicitudes
    where
        cut_provincia = '033'
        and anio_solicitud = 2020
        and is_otorgada
),

atenciones_extranjeros as (
    select
        'extranjeria__texto__atenciones_extranjeros' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(count(*) as double) as computed_value
    from atenciones
    where
        is_extranjero
        and anio_atencion = 2020
),

final as (
    select * from table_figures
    union all
    select * from personas_con_visa
    union all
    select * from atenciones_extranjeros
)

select * from final
