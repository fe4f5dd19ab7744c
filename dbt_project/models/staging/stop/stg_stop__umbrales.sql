with

source as (
    select * from {{ source('stop', 'umbrales') }}
),

renamed as (
    select
        region,
        provincia as provincia_registrada,
        {{ normalize_label('provincia') }} as provincia_key,
        anio,
        fecha_corte,
        periodo,
        {{ normalize_label('periodo') }} as periodo_key,
        delito as delito_registrado,
        {{ normalize_label('delito') }} as delito_key,
        umbral,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
