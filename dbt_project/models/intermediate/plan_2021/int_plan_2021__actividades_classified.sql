-- Every row of the planning sheet with its official comuna (or provincial scope), its
-- semester and, when it is not part of the 2021 plan, the reason. Nothing is dropped here.
with

actividades as (
    select * from {{ ref('stg_plan_2021__actividades') }}
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
        comunas.cut_provincia,
        comunas.provincia,
        coalesce(actividades.comuna_key, 'provincial') = 'provincial' as is_provincial
    from actividades
    left join comunas
        on actividades.comuna_key = {{ normalize_label('comunas.comuna') }}
),

classified as (
    select
        *,
        case
            when estado = 'anulada' then 'actividad anulada'
            when anio <> 2021 then 'programación de otro año'
            when estado = 'borrador' then 'borrador'
            when not is_provincial and cut_comuna is null then 'comuna desconocida'
            when not is_provincial and cut_provincia <> '033' then 'comuna de otra provincia'
        end as exclusion_reason
    from located
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
