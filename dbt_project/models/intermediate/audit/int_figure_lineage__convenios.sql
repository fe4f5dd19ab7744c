-- The source rows behind each section II.9 figure: a beneficiary of «Con Buena Energía»
-- through the row of their first workshop of 2020, every counted PIDI record of 2020 and
-- Bienes Nacionales attention of November–December 2020, and for the «Mascota Protegida»
-- text the first 2020 service of each programme and of each comuna every programme reached.
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

published as (
    select * from {{ ref('published_figures') }}
),

buena_energia_rows as (
    select
        published.figure_id,
        'raw.convenio_buena_energia_asistentes' as source_table,
        beneficiarios.source_file_name,
        beneficiarios.source_line_number
    from beneficiarios
    inner join published
        on
            published.table_id = 'convenio_buena_energia_2020'
            and beneficiarios.comuna = published.row_label
    where
        beneficiarios.cut_provincia = '033'
        and beneficiarios.anio = 2020
),

pidi_rows as (
    select
        published.figure_id,
        'raw.convenio_pidi_actividades' as source_table,
        pidi.source_file_name,
        pidi.source_line_number
    from pidi
    inner join published
        on
            published.table_id = 'convenio_pidi_2020'
            and pidi.tipo_actividad = published.row_group
            and pidi.detalle_actividad = published.row_label
    where
        pidi.cut_provincia = '033'
        and pidi.anio = 2020
),

bienes_nacionales_rows as (
    select
        published.figure_id,
        'raw.convenio_bienes_nacionales_atenciones' as source_table,
        bienes_nacionales.source_file_name,
        bienes_nacionales.source_line_number
    from bienes_nacionales
    inner join published
        on
            published.table_id = 'convenio_bienes_nacionales_2020'
            and bienes_nacionales.comuna = published.row_label
    where
        bienes_nacionales.cut_provincia = '033'
        and bienes_nacionales.anio = 2020
        and bienes_nacionales.mes in (11, 12)
),

prestaciones_2020 as (
    select
        programa,
        cut_comuna,
        source_file_name,
        source_line_number,
        row_number() over (
            partition by programa
            order by fecha_prestacion, source_line_number
        ) as programme_sequence,
        row_number() over (
            partition by cut_comuna
            order by fecha_prestacion, source_line_number
        ) as comuna_sequence
    from prestaciones
    where
        is_counted
        and anio_convenio = 2020
        and cut_provincia = '033'
),

programas as (
    select count(distinct programa) as n_programas
    from prestaciones_2020
),

programas_por_comuna as (
    select
        cut_comuna,
        count(distinct programa) as n_programas
    from prestaciones_2020
    group by cut_comuna
),

-- «ambos proyectos abarcan las cuatro comunas»: comunas reached by every programme
comunas_cubiertas as (
    select programas_por_comuna.cut_comuna
    from programas_por_comuna
    inner join programas
        on programas_por_comuna.n_programas = programas.n_programas
),

mascota_rows as (
    select
        'convenios__texto__programas_mascota_protegida' as figure_id,
        'raw.convenio_mascota_protegida_prestaciones' as source_table,
        source_file_name,
        source_line_number
    from prestaciones_2020
    where programme_sequence = 1
    union all
    select
        'convenios__texto__comunas_mascota_protegida' as figure_id,
        'raw.convenio_mascota_protegida_prestaciones' as source_table,
        prestaciones_2020.source_file_name,
        prestaciones_2020.source_line_number
    from prestaciones_2020
    inner join comunas_cubiertas
        on prestaciones_2020.cut_comuna = comunas_cubiertas.cut_comuna
    where prestaciones_2020.comuna_sequence = 1
),

unioned as (
    select * from buena_energia_rows
    union all
    select * from pidi_rows
    union all
    select * from bienes_nacionales_rows
    union all
    select * from mascota_rows
),

final as (
    select
        figure_id,
        source_table,
        source_file_name,
        source_line_number,
        cast(1 as double) as contribution
    from unioned
)

select * from final
