with

source as (
    select * from {{ source('convenios', 'pidi_actividades') }}
),

renamed as (
    select
        numero_registro,
        fecha_actividad,
        tipo_actividad as tipo_actividad_registrado,
        {{ normalize_label('tipo_actividad') }} as tipo_actividad_key,
        detalle,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        localidad,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
