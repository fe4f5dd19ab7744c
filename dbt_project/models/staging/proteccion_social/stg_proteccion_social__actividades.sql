with

source as (
    select * from {{ source('proteccion_social', 'actividades') }}
),

renamed as (
    select
        fecha_actividad,
        area as area_registrada,
        {{ normalize_label('area') }} as area_key,
        trim(tipo_actividad) as tipo_actividad,
        trim(instancia) as instancia,
        {{ normalize_label('instancia') }} as instancia_key,
        case {{ normalize_label('nivel') }}
            when 'local' then 'Local'
            when 'provincial' then 'Provincial'
            when 'regional' then 'Regional'
        end as nivel,
        case {{ normalize_label('modalidad') }}
            when 'presencial' then 'Presencial'
            when 'remota' then 'Remota'
        end as modalidad,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        numero_personas,
        case {{ normalize_label('estado') }}
            when 'realizada' then 'Realizada'
            when 'suspendida' then 'Suspendida'
        end as estado,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
