with

source as (
    select * from {{ source('convenios', 'bienes_nacionales_atenciones') }}
),

renamed as (
    select
        numero_atencion,
        fecha_atencion,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        localidad,
        -- the contract admits only these two, written with any case or accents
        case
            when {{ normalize_label('modalidad') }} = 'gobierno en terreno'
                then 'Gobierno en Terreno'
            else 'Oficina Gobernación'
        end as modalidad,
        tipo_tramite,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
