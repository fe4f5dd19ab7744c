with

solicitudes as (
    select * from {{ ref('int_extranjeria__solicitudes_classified') }}
),

final as (
    select
        numero_solicitud,
        rut_solicitante_hash,
        fecha_solicitud,
        anio_solicitud,
        mes_solicitud,
        tipo_visa,
        tipo_visa_origen,
        beneficio_agrupado,
        estado,
        is_resuelta,
        fecha_resolucion,
        sexo,
        nacionalidad,
        anio_nacimiento,
        titular_dependiente,
        actividad,
        profesion,
        estudios,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        autoridad,
        source_file_name,
        source_sha256,
        source_line_number,
        estado = 'otorgada' as is_otorgada
    from solicitudes
    where is_counted
)

select * from final
