-- One row per attention counted (a person attended by a service at a plaza held).
with

atenciones as (
    select * from {{ ref('int_get__atenciones_classified') }}
    where is_counted
),

plazas as (
    select * from {{ ref('int_get__plazas_classified') }}
    where is_counted
),

final as (
    select
        atenciones.id_plaza,
        atenciones.fecha_plaza,
        atenciones.fecha_atencion,
        atenciones.localidad_impresa,
        plazas.modalidad,
        plazas.cut_comuna,
        plazas.comuna,
        plazas.cut_provincia,
        plazas.provincia,
        atenciones.sigla_servicio,
        atenciones.servicio,
        atenciones.rut_persona_hash,
        atenciones.sexo,
        atenciones.has_participacion_registrada,
        atenciones.source_file_name,
        atenciones.source_sha256,
        atenciones.source_line_number,
        extract(year from atenciones.fecha_plaza) as anio
    from atenciones
    inner join plazas
        on atenciones.id_plaza = plazas.id_plaza
)

select * from final
