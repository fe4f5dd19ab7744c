with

source as (
    select * from {{ source('stop', 'casos') }}
),

renamed as (
    select
        region,
        provincia as provincia_registrada,
        comuna as comuna_registrada,
        -- a file that went through Excel loses the leading zero: 3301 is 03301
        lpad(cut_comuna, 5, '0') as cut_comuna,
        anio,
        semana,
        fecha_inicio_semana,
        delito as delito_registrado,
        {{ normalize_label('delito') }} as delito_key,
        casos,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
