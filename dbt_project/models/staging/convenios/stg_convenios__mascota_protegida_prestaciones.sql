with

source as (
    select * from {{ source('convenios', 'mascota_protegida_prestaciones') }}
),

renamed as (
    select
        fecha_prestacion,
        programa as programa_registrado,
        {{ normalize_label('programa') }} as programa_key,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        sector,
        rut_tutor_hash,
        -- the contract admits only these values, written with any case or accents
        case
            when {{ normalize_label('especie') }} = 'felino' then 'Felino'
            else 'Canino'
        end as especie,
        case
            when {{ normalize_label('sexo_mascota') }} = 'macho' then 'Macho'
            else 'Hembra'
        end as sexo_mascota,
        prestacion,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
