with

source as (
    select * from {{ source('seguridad', 'sesiones') }}
),

renamed as (
    select
        fecha_sesion,
        instancia as instancia_registrada,
        {{ normalize_label('instancia') }} as instancia_key,
        tipo_sesion,
        modalidad,
        estado,
        {{ normalize_label('estado') }} as estado_key,
        lugar,
        numero_asistentes,
        instituciones,
        numero_acuerdos,
        acuerdos,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
