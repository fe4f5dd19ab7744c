-- Section II.9 as computed figures: every cell of the three printed tables (matched to the
-- published figures by their labels) and the figures of the «Mascota Protegida» text.
with

buena_energia as (
    select * from {{ ref('convenios_buena_energia_por_comuna') }}
),

pidi as (
    select * from {{ ref('convenios_pidi_actividades_2020') }}
),

bienes_nacionales as (
    select * from {{ ref('convenios_bienes_nacionales_por_comuna') }}
),

cobertura as (
    select * from {{ ref('convenios_mascota_protegida_cobertura') }}
),

buena_energia_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'convenio_buena_energia_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        comuna as row_label,
        'N° de Beneficiados' as column_label,
        cast(n_beneficiados as double) as computed_value
    from buena_energia
),

pidi_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'convenio_pidi_2020' as table_id,
        tipo_actividad as row_group,
        detalle_actividad as row_label,
        'Cantidad' as column_label,
        cast(cantidad as double) as computed_value
    from pidi
),

bienes_nacionales_cells as (
    select
        cast(null as {{ dbt.type_string() }}) as figure_id,
        'convenio_bienes_nacionales_2020' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        comuna as row_label,
        'N° de Atenciones' as column_label,
        cast(n_atenciones as double) as computed_value
    from bienes_nacionales
),

-- the programmes of the 2020 agreement that worked in the province of Huasco in 2020
cobertura_2020 as (
    select
        programa,
        cut_comuna
    from cobertura
    where
        anio_convenio = 2020
        and cut_provincia = '033'
),

programas as (
    select count(distinct programa) as n_programas
    from cobertura_2020
),

programas_por_comuna as (
    select
        cut_comuna,
        count(distinct programa) as n_programas
    from cobertura_2020
    group by cut_comuna
),

text_figures as (
    select
        'convenios__texto__programas_mascota_protegida' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(n_programas as double) as computed_value
    from programas
    union all
    -- «ambos proyectos abarcan las cuatro comunas»: comunas reached by every programme
    select
        'convenios__texto__comunas_mascota_protegida' as figure_id,
        'texto' as table_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_label,
        cast(count(programas_por_comuna.cut_comuna) as double) as computed_value
    from programas_por_comuna
    inner join programas
        on programas_por_comuna.n_programas = programas.n_programas
),

final as (
    select * from buena_energia_cells
    union all
    select * from pidi_cells
    union all
    select * from bienes_nacionales_cells
    union all
    select * from text_figures
)

select * from final
