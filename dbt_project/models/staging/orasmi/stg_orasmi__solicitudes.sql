with

source as (
    select * from {{ source('orasmi', 'solicitudes') }}
),

renamed as (
    select
        numero_solicitud,
        fecha_solicitud,
        numero_resolucion,
        rut_solicitante_hash,
        upper(substr(trim(sexo), 1, 1)) as sexo,
        jefatura_hogar as is_jefe_hogar,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        area as area_registrada,
        {{ normalize_label('area') }} as area_key,
        trim(tipo_ayuda) as tipo_ayuda,
        monto as monto_registrado,
        {{ normalize_label('estado') }} as estado,
        fecha_estado,
        replace(tramo_rsh, ' ', '') as tramo_rsh,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
