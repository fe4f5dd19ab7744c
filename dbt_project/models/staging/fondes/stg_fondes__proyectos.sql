with

source as (
    select * from {{ source('fondes', 'proyectos') }}
),

renamed as (
    select
        folio,
        anio,
        region,
        comuna as comuna_registrada,
        {{ normalize_label('comuna') }} as comuna_key,
        rut_organizacion_hash,
        nombre_organizacion,
        tipo_organizacion as tipo_organizacion_sistema,
        {{ normalize_label('tipo_organizacion') }} as tipo_organizacion_key,
        nombre_proyecto,
        -- the contract admits only these values, written with any case or accents
        case
            when {{ normalize_label('linea') }} = 'equipamiento' then 'Equipamiento'
            else 'Implementación'
        end as linea,
        monto_solicitado,
        monto_adjudicado,
        case {{ normalize_label('estado') }}
            when 'adjudicado' then 'Adjudicado'
            when 'desistido' then 'Desistido'
            else 'No adjudicado'
        end as estado,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
