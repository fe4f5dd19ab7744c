-- Each target of each year's plan, per province, beside what the records of that province
-- and year achieved, and beside the figure the report printing the plan (the previous
-- year's edition) stated. A target whose source has no records of the planned year (or no
-- source yet) keeps an empty actual and says so in `estado`.
with

metas as (
    select * from {{ ref('int_programacion__metas_aggregated') }}
),

reales as (
    select * from {{ ref('int_programacion__reales') }}
),

editions as (
    select * from {{ ref('report_editions') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

printed as (
    select
        editions.cut_provincia,
        published.figure_id,
        published.comparator,
        published.value,
        editions.anio + 1 as anio_programado
    from published
    inner join editions
        on published.edition_id = editions.edition_id
),

compared as (
    select
        metas.*,
        reales.valor_real,
        reales.registros,
        reales.ultima_fecha_real,
        reales.modelo_fuente,
        case coalesce(metas.tipo_meta, 'exacta')
            when 'hasta' then reales.valor_real <= metas.valor_meta
            when 'más de' then reales.valor_real > metas.valor_meta
            else reales.valor_real >= metas.valor_meta
        end as is_met
    from metas
    left join reales
        on
            metas.cut_provincia = reales.cut_provincia
            and metas.anio = reales.anio
            and metas.meta_id = reales.meta_id
),

final as (
    select
        compared.cut_provincia,
        compared.provincia,
        compared.anio,
        compared.orden,
        compared.meta_id,
        compared.eje,
        compared.programa,
        compared.descripcion,
        compared.unidad_meta,
        compared.tipo_meta,
        compared.actividades_programadas,
        compared.valor_meta,
        compared.figure_id,
        printed.comparator as comparador_publicado,
        printed.value as valor_publicado,
        compared.valor_real,
        compared.registros,
        compared.ultima_fecha_real,
        compared.fuente_real,
        compared.modelo_fuente,
        case
            when compared.valor_real is null then 'sin datos del año'
            when compared.valor_meta is null then 'sin meta'
            when compared.is_met then 'cumplida'
            -- a total still growing: the year's records stop before December
            when
                coalesce(compared.tipo_meta, 'exacta') <> 'hasta'
                and compared.ultima_fecha_real < make_date(cast(compared.anio as integer), 12, 1)
                then 'en curso'
            else 'no cumplida'
        end as estado
    from compared
    left join printed
        on
            compared.cut_provincia = printed.cut_provincia
            and compared.anio = printed.anio_programado
            and compared.figure_id = printed.figure_id
)

select * from final
