with

source as (
    select * from {{ source('extranjeria', 'atenciones') }}
),

renamed as (
    select
        numero_atencion,
        fecha_atencion,
        hora_atencion,
        tipo_tramite,
        nacionalidad as nacionalidad_registrada,
        upper({{ normalize_label('nacionalidad') }}) as nacionalidad,
        case upper(trim(sexo))
            when 'F' then 'mujer'
            when 'M' then 'hombre'
        end as sexo,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        {{ normalize_label('estado') }} as estado,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
