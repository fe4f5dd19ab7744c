with

source as (
    select * from {{ source('extranjeria', 'solicitudes') }}
),

renamed as (
    select
        numero_solicitud,
        rut_solicitante_hash,
        case {{ normalize_label('sexo') }}
            when 'hombre' then 'hombre'
            when 'mujer' then 'mujer'
        end as sexo,
        nacionalidad as nacionalidad_registrada,
        upper({{ normalize_label('nacionalidad') }}) as nacionalidad,
        anio_nacimiento,
        actividad,
        profesion,
        estudios,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        provincia as provincia_registrada,
        region as region_registrada,
        upper(trim(titular_dependiente)) as titular_dependiente,
        autoridad,
        beneficio_agrupado,
        tipo_visa as tipo_visa_origen,
        {{ normalize_label('tipo_visa') }} as tipo_visa_key,
        {{ normalize_label('estado') }} as estado,
        fecha_solicitud,
        fecha_resolucion,
        anio as anio_registrado,
        mes as mes_registrado,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
