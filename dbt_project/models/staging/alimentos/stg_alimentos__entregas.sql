with

source as (
    select * from {{ source('alimentos', 'entregas') }}
),

renamed as (
    select
        folio,
        fecha_entrega,
        numero_entrega,
        region,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        rut_hogar_hash,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
