-- Each target of each year's plan (defined in the seed `programacion_metas`), per province
-- whose sheet plans it, with its value aggregated from the planning rows that form it, as
-- the seed says: a sum, the semester with the least planned, the largest value
-- (thresholds) or the number of comunas.
with

actividades as (
    select * from {{ ref('int_programacion__actividades_classified') }}
),

metas as (
    select * from {{ ref('programacion_metas') }}
),

counted as (
    select * from actividades
    where is_counted
),

-- every province and year with a plan has every target, planned or not
planes as (
    select distinct
        cut_provincia,
        provincia,
        anio
    from counted
),

matched as (
    select
        counted.cut_provincia,
        counted.anio,
        metas.meta_id,
        counted.cut_comuna,
        counted.semestre,
        counted.cantidad,
        counted.publico_estimado,
        counted.tipo_meta
    from metas
    inner join counted
        on
            {{ normalize_label('metas.programa') }} = counted.programa_key
            and {{ normalize_label('metas.tipo_actividad') }} = counted.tipo_actividad_key
),

by_meta as (
    select
        cut_provincia,
        anio,
        meta_id,
        count(*) as actividades_programadas,
        min(tipo_meta) as tipo_meta,
        sum(cantidad) as suma_cantidad,
        sum(publico_estimado) as suma_publico,
        max(cantidad) as maximo,
        count(distinct cut_comuna) as comunas_distintas
    from matched
    group by cut_provincia, anio, meta_id
),

semestres as (
    select 1 as semestre
    union all
    select 2 as semestre
),

by_semester as (
    select
        cut_provincia,
        anio,
        meta_id,
        semestre,
        sum(cantidad) as cantidad
    from matched
    group by cut_provincia, anio, meta_id, semestre
),

semester_minimum as (
    select
        planes.cut_provincia,
        planes.anio,
        metas.meta_id,
        min(coalesce(by_semester.cantidad, 0)) as minimo_por_semestre
    from planes
    cross join metas
    cross join semestres
    left join by_semester
        on
            planes.cut_provincia = by_semester.cut_provincia
            and planes.anio = by_semester.anio
            and metas.meta_id = by_semester.meta_id
            and semestres.semestre = by_semester.semestre
    where metas.agregacion = 'minimo_por_semestre'
    group by planes.cut_provincia, planes.anio, metas.meta_id
),

final as (
    select
        planes.cut_provincia,
        planes.provincia,
        planes.anio,
        metas.orden,
        metas.meta_id,
        metas.eje,
        metas.programa,
        metas.tipo_actividad,
        metas.descripcion,
        metas.unidad_meta,
        metas.agregacion,
        metas.figure_id,
        metas.fuente_real,
        cast(case
            when by_meta.meta_id is null then null
            when metas.agregacion = 'suma_cantidad' then by_meta.suma_cantidad
            when metas.agregacion = 'suma_publico' then by_meta.suma_publico
            when metas.agregacion = 'maximo' then by_meta.maximo
            when metas.agregacion = 'comunas_distintas' then by_meta.comunas_distintas
            when metas.agregacion = 'minimo_por_semestre'
                then semester_minimum.minimo_por_semestre
        end as double) as valor_meta,
        -- an expected audience is an estimate whatever the plaza rows say of their count
        case
            when metas.agregacion = 'suma_publico' then 'estimada' else by_meta.tipo_meta
        end as tipo_meta,
        coalesce(by_meta.actividades_programadas, 0) as actividades_programadas
    from planes
    cross join metas
    left join by_meta
        on
            planes.cut_provincia = by_meta.cut_provincia
            and planes.anio = by_meta.anio
            and metas.meta_id = by_meta.meta_id
    left join semester_minimum
        on
            planes.cut_provincia = semester_minimum.cut_provincia
            and planes.anio = semester_minimum.anio
            and metas.meta_id = semester_minimum.meta_id
)

select * from final
