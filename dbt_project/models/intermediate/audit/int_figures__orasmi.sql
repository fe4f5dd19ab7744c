-- Section II.7 as computed figures: every cell of the printed areas table (matched to the
-- published figures by its labels) and the figures of the text: pesos, requests attended,
-- share of women heads of household (unrounded: the reconciliation allows the printed
-- rounding) and people
-- attended by the social area.
with

por_area as (
    select * from {{ ref('orasmi_ayudas_por_area') }}
),

resumen as (
    select * from {{ ref('orasmi_resumen_anual') }}
    where
        cut_provincia = '033'
        and anio = 2020
),

personas as (
    select * from {{ ref('area_social_personas_por_anio') }}
    where anio = 2020
),

table_figures as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'orasmi_areas_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        area as row_label,
        'Valor' as column_label,
        cast(valor as double) as computed_value
    from por_area
),

resumen_figures as (
    select
        'orasmi__texto__monto' as figure_id,
        cast(monto_pagado_neto as double) as computed_value
    from resumen
    union all
    select
        'orasmi__texto__solicitudes' as figure_id,
        cast(solicitudes_atendidas as double) as computed_value
    from resumen
    union all
    select
        'orasmi__texto__porcentaje_mujeres_jefas_hogar' as figure_id,
        cast(porcentaje_mujeres_jefas_hogar as double) as computed_value
    from resumen
    union all
    select
        'orasmi__texto__personas_area_social' as figure_id,
        cast(personas_atendidas as double) as computed_value
    from personas
),

text_figures as (
    select
        figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        computed_value
    from resumen_figures
),

final as (
    select * from table_figures
    union all
    select * from text_figures
)

select * from final
