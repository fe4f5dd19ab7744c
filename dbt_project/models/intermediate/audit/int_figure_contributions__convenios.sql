-- Section «Convenios» as contributions, in the province and year of each source row: a
-- beneficiary of «Con Buena Energía» through the row of their first workshop of the year,
-- every counted PIDI record, every Bienes Nacionales attention inside the period the
-- edition prints (seed `report_periods`), and for the «Mascota Protegida» text the first
-- service of each programme of the agreement year and of each comuna every programme reached.
with

beneficiarios as (
    select * from {{ ref('convenios_buena_energia_beneficiarios') }}
),

pidi as (
    select * from {{ ref('convenios_pidi_actividades') }}
),

bienes_nacionales as (
    select * from {{ ref('convenios_bienes_nacionales_atenciones') }}
),

prestaciones as (
    select * from {{ ref('int_convenios__mascota_protegida_prestaciones_classified') }}
),

editions as (
    select * from {{ ref('report_editions') }}
),

periods as (
    select * from {{ ref('report_periods') }}
),

buena_energia_cells as (
    select
        cut_provincia,
        anio,
        'convenio_buena_energia' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        comuna as row_label,
        'n_beneficiados' as column_key,
        false as is_total,
        'raw.convenio_buena_energia_asistentes' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from beneficiarios
),

pidi_cells as (
    select
        cut_provincia,
        anio,
        'convenio_pidi' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        tipo_actividad as row_group,
        detalle_actividad as row_label,
        'cantidad' as column_key,
        false as is_total,
        'raw.convenio_pidi_actividades' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from pidi
),

-- the edition prints only the attentions of its period, in its province
bienes_nacionales_cells as (
    select
        bienes_nacionales.cut_provincia,
        editions.anio,
        'convenio_bienes_nacionales' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        bienes_nacionales.comuna as row_label,
        'n_atenciones' as column_key,
        false as is_total,
        'raw.convenio_bienes_nacionales_atenciones' as source_table,
        bienes_nacionales.source_file_name,
        bienes_nacionales.source_sha256,
        bienes_nacionales.source_line_number,
        cast(1 as double) as contribution
    from bienes_nacionales
    inner join editions
        on bienes_nacionales.cut_provincia = editions.cut_provincia
    inner join periods
        on
            editions.edition_id = periods.edition_id
            and periods.period_id = 'convenio_bienes_nacionales'
    where bienes_nacionales.fecha_atencion between periods.inicio and periods.fin
),

prestaciones_contadas as (
    select
        cut_provincia,
        anio_convenio as anio,
        programa,
        cut_comuna,
        source_file_name,
        source_sha256,
        source_line_number,
        row_number() over (
            partition by cut_provincia, anio_convenio, programa
            order by fecha_prestacion, source_file_name, source_line_number
        ) as programme_sequence,
        row_number() over (
            partition by cut_provincia, anio_convenio, cut_comuna
            order by fecha_prestacion, source_file_name, source_line_number
        ) as comuna_sequence
    from prestaciones
    where is_counted
),

programas as (
    select
        cut_provincia,
        anio,
        count(distinct programa) as n_programas
    from prestaciones_contadas
    group by cut_provincia, anio
),

programas_por_comuna as (
    select
        cut_provincia,
        anio,
        cut_comuna,
        count(distinct programa) as n_programas
    from prestaciones_contadas
    group by cut_provincia, anio, cut_comuna
),

-- «ambos proyectos abarcan las cuatro comunas»: comunas reached by every programme
comunas_cubiertas as (
    select
        programas_por_comuna.cut_provincia,
        programas_por_comuna.anio,
        programas_por_comuna.cut_comuna
    from programas_por_comuna
    inner join programas
        on
            programas_por_comuna.cut_provincia = programas.cut_provincia
            and programas_por_comuna.anio = programas.anio
            and programas_por_comuna.n_programas = programas.n_programas
),

mascota_rows as (
    select
        'convenios__texto__programas_mascota_protegida' as figure_id,
        cut_provincia,
        anio,
        source_file_name,
        source_sha256,
        source_line_number
    from prestaciones_contadas
    where programme_sequence = 1
    union all
    select
        'convenios__texto__comunas_mascota_protegida' as figure_id,
        prestaciones_contadas.cut_provincia,
        prestaciones_contadas.anio,
        prestaciones_contadas.source_file_name,
        prestaciones_contadas.source_sha256,
        prestaciones_contadas.source_line_number
    from prestaciones_contadas
    inner join comunas_cubiertas
        on
            prestaciones_contadas.cut_provincia = comunas_cubiertas.cut_provincia
            and prestaciones_contadas.anio = comunas_cubiertas.anio
            and prestaciones_contadas.cut_comuna = comunas_cubiertas.cut_comuna
    where prestaciones_contadas.comuna_sequence = 1
),

text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.convenio_mascota_protegida_prestaciones' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from mascota_rows
),

final as (
    {{ stack(
        ['buena_energia_cells', 'pidi_cells', 'bienes_nacionales_cells', 'text_figures'],
        contribution_columns(),
    ) }}
)

select * from final
