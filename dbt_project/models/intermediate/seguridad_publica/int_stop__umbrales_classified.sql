-- STOP umbrales with their province code and their row of the printed table, marking the
-- last cut of each year (the figure the report calls «a la fecha»). Values are as given.
with

umbrales as (
    select * from {{ ref('stg_stop__umbrales') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

clasificacion as (
    select * from {{ ref('delitos_clasificacion') }}
),

provincias as (
    select distinct
        cut_provincia,
        provincia
    from comunas
),

located as (
    select
        umbrales.*,
        provincias.cut_provincia,
        provincias.provincia,
        clasificacion.delito,
        clasificacion.nivel,
        clasificacion.orden as orden_delito
    from umbrales
    left join provincias
        on umbrales.provincia_key = {{ normalize_label('provincias.provincia') }}
    left join clasificacion
        on umbrales.delito_key = {{ normalize_label('clasificacion.etiqueta_origen') }}
),

final as (
    select
        cut_provincia,
        provincia,
        provincia_registrada,
        anio,
        fecha_corte,
        periodo,
        periodo_key,
        delito_registrado,
        delito,
        nivel,
        orden_delito,
        umbral,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        fecha_corte = max(fecha_corte) over (
            partition by cut_provincia, anio
        ) as is_ultimo_corte
    from located
)

select * from final
