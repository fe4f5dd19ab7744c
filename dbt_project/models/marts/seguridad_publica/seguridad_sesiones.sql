with

sesiones as (
    select * from {{ ref('int_seguridad__sesiones_classified') }}
),

final as (
    select
        fecha_sesion,
        anio,
        instancia,
        ambito,
        tipo_sesion,
        modalidad,
        estado,
        is_realizada,
        lugar,
        numero_asistentes,
        instituciones,
        numero_acuerdos,
        acuerdos,
        source_file_name,
        source_line_number
    from sesiones
    where is_counted
)

select * from final
