-- Each target of the 2021 plan beside what the province reached in 2021, from the 2021
-- records of the sections' marts. A target whose source has no 2021 records (or no source
-- yet) keeps an empty actual and says so in `estado`.
with

metas as (
    select * from {{ ref('int_plan_2021__metas_aggregated') }}
),

reales as (
    select * from {{ ref('int_plan_2021__reales_2021') }}
),

published as (
    select * from {{ ref('published_figures') }}
),

compared as (
    select
        metas.*,
        reales.valor_real,
        reales.registros_2021,
        reales.ultima_fecha_real,
        reales.modelo_fuente,
        case coalesce(metas.tipo_meta, 'exacta')
            when 'hasta' then reales.valor_real <= metas.valor_meta
            when 'más de' then reales.valor_real > metas.valor_meta
            else reales.valor_real >= metas.valor_meta
        end as is_met
    from metas
    left join reales
        on metas.meta_id = reales.meta_id
),

final as (
    select
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
        published.comparator as comparador_publicado,
        published.value as valor_publicado,
        compared.valor_real,
        compared.registros_2021,
        compared.ultima_fecha_real,
        compared.fuente_real,
        compared.modelo_fuente,
        case
            when compared.valor_real is null then 'sin datos 2021'
            when compared.valor_meta is null then 'sin meta'
            when compared.is_met then 'cumplida'
            -- a total still growing: the 2021 records stop before December
            when
                coalesce(compared.tipo_meta, 'exacta') <> 'hasta'
                and compared.ultima_fecha_real < cast('2021-12-01' as date)
                then 'en curso'
            else 'no cumplida'
        end as estado
    from compared
    left join published
        on compared.figure_id = published.figure_id
)

select * from final
