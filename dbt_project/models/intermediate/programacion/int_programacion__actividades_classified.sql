-- Every row of the planning sheets with its official comuna (or provincial scope), its
-- semester, the province whose governorate keeps the sheet and, when it is not part of the
-- plan of its year, the reason. Nothing is dropped here.
with

actividades as (
    select * from {{ ref('stg_programacion__actividades') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

located as (
    select
        actividades.correlativo,
        actividades.anio,
        actividades.eje,
        actividades.eje_key,
        actividades.programa,
        actividades.programa_key,
        actividades.tipo_actividad,
        actividades.tipo_actividad_key,
        actividades.comuna_registrada,
        actividades.comuna_key,
        actividades.localidad,
        actividades.fecha_estimada,
        actividades.cantidad,
        actividades.unidad,
        actividades.tipo_meta,
        actividades.publico_estimado,
        actividades.estado,
        actividades.observaciones,
        actividades.source_file_name,
        actividades.source_sha256,
        actividades.source_line_number,
        actividades.load_id,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia as cut_provincia_comuna,
        coalesce(actividades.comuna_key, 'provincial') = 'provincial' as is_provincial
    from actividades
    left join comunas
        on actividades.comuna_key = {{ normalize_label('comunas.comuna') }}
),

provincias as (
    select distinct
        cut_provincia,
        provincia
    from comunas
),

-- A sheet is one governorate's: its province is the one most of its comunal rows name
-- (provincial rows name none). Counted first: Spark does not rank on an aggregate in qualify.
sheet_province_rows as (
    select
        source_sha256,
        cut_provincia_comuna as cut_provincia,
        count(*) as row_count
    from located
    where cut_provincia_comuna is not null
    group by source_sha256, cut_provincia_comuna
),

sheet_provinces as (
    select
        source_sha256,
        cut_provincia
    from sheet_province_rows
    qualify row_number() over (
        partition by source_sha256
        order by row_count desc, cut_provincia asc
    ) = 1
),

classified as (
    select
        located.*,
        sheet_provinces.cut_provincia,
        provincias.provincia,
        case
            when located.estado = 'anulada' then 'actividad anulada'
            when located.estado = 'borrador' then 'borrador'
            when not located.is_provincial and located.cut_comuna is null
                then 'comuna desconocida'
            when sheet_provinces.cut_provincia is null then 'planilla sin provincia'
            when
                not located.is_provincial
                and located.cut_provincia_comuna <> sheet_provinces.cut_provincia
                then 'comuna de otra provincia'
        end as exclusion_reason
    from located
    left join sheet_provinces
        on located.source_sha256 = sheet_provinces.source_sha256
    left join provincias
        on sheet_provinces.cut_provincia = provincias.cut_provincia
),

final as (
    select
        correlativo,
        anio,
        eje,
        eje_key,
        programa,
        programa_key,
        tipo_actividad,
        tipo_actividad_key,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia_comuna,
        cut_provincia,
        provincia,
        localidad,
        fecha_estimada,
        cantidad,
        unidad,
        tipo_meta,
        publico_estimado,
        estado,
        observaciones,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        case when is_provincial then 'provincial' else 'comunal' end as ambito,
        case
            when extract(month from fecha_estimada) <= 6 then 1
            when extract(month from fecha_estimada) > 6 then 2
        end as semestre,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
