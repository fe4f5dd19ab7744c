with

source as (
    select * from {{ source('convenios', 'buena_energia_asistentes') }}
),

renamed as (
    select
        fecha_taller,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        lugar,
        taller,
        {{ normalize_label('taller') }} as taller_key,
        rut_asistente_hash,
        has_certificado,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
