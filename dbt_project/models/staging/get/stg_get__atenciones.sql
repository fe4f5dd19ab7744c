with

source as (
    select * from {{ source('get', 'atenciones') }}
),

renamed as (
    select
        folio,
        upper(trim(id_plaza)) as id_plaza,
        fecha_atencion,
        servicio as servicio_registrado,
        {{ normalize_label('servicio') }} as servicio_key,
        rut_persona_hash,
        upper(trim(sexo)) as sexo,
        _file_name as source_file_name,
        _sha256 as source_sha256,
        _line_number as source_line_number,
        _load_id as load_id
    from source
)

select * from renamed
