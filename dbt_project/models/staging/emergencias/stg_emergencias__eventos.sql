with

source as (
    select * from {{ source('emergencias', 'eventos') }}
),

renamed as (
    select
        numero_reporte,
        fecha_evento,
        trim(hora_evento) as hora_evento,
        -- minutes since midnight, to tell a re-report (minutes later) from another event
        try_cast(split_part(trim(hora_evento), ':', 1) as integer) * 60
        + try_cast(split_part(trim(hora_evento), ':', 2) as integer) as minuto_del_dia,
        region,
        provincia as provincia_registrada,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        upper(replace(trim(clave), ' ', '')) as clave,
        tipo_evento as tipo_evento_registrado,
        detalle,
        coalesce(fallecidos, 0) as fallecidos,
        coalesce(lesionados, 0) as lesionados,
        fuente,
        is_simulacro,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
