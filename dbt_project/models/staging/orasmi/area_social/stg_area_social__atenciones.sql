with

source as (
    select * from {{ source('area_social', 'atenciones') }}
),

renamed as (
    select
        numero_atencion,
        fecha_atencion,
        case {{ normalize_label('tipo_atencion') }}
            when 'orientacion' then 'Orientación'
            when 'emision de cartola rsh' then 'Emisión de cartola RSH'
            when 'otra consulta' then 'Otra consulta'
        end as tipo_atencion,
        case {{ normalize_label('canal') }}
            when 'presencial' then 'Presencial'
            when 'telefonica' then 'Telefónica'
            when 'correo electronico' then 'Correo electrónico'
        end as canal,
        rut_persona_hash,
        upper(substr(trim(sexo), 1, 1)) as sexo,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
