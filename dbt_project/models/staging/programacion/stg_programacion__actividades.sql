with

source as (
    select * from {{ source('programacion', 'programacion_anual') }}
),

renamed as (
    select
        correlativo,
        anio,
        eje,
        {{ normalize_label('eje') }} as eje_key,
        programa,
        {{ normalize_label('programa') }} as programa_key,
        tipo_actividad,
        {{ normalize_label('tipo_actividad') }} as tipo_actividad_key,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        localidad,
        fecha_estimada,
        cantidad,
        unidad,
        case {{ normalize_label('tipo_meta') }}
            when 'exacta' then 'exacta'
            when 'mas de' then 'más de'
            when 'al menos' then 'al menos'
            when 'hasta' then 'hasta'
            when 'estimada' then 'estimada'
        end as tipo_meta,
        publico_estimado,
        {{ normalize_label('estado') }} as estado,
        observaciones,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
