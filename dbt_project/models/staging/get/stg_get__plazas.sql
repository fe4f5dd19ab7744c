with

source as (
    select * from {{ source('get', 'plazas') }}
),

renamed as (
    select
        upper(trim(id_plaza)) as id_plaza,
        fecha_plaza,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        localidad as localidad_registrada,
        {{ normalize_label('localidad') }} as localidad_key,
        case {{ normalize_label('modalidad') }}
            when 'presencial' then 'Presencial'
            when 'virtual' then 'Virtual'
        end as modalidad,
        case {{ normalize_label('estado') }}
            when 'realizada' then 'Realizada'
            when 'suspendida' then 'Suspendida'
        end as estado,
        lugar,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
