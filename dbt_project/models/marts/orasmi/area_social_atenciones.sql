with

atenciones as (
    select * from {{ ref('int_area_social__atenciones_classified') }}
),

final as (
    select
        numero_atencion,
        fecha_atencion,
        cast(extract(year from fecha_atencion) as integer) as anio,
        cast(extract(month from fecha_atencion) as integer) as mes,
        tipo_atencion,
        canal,
        rut_persona_hash,
        sexo,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        source_file_name,
        source_sha256,
        source_line_number
    from atenciones
    where is_counted
)

select * from final
