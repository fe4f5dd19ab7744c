with

atenciones as (
    select * from {{ ref('int_extranjeria__atenciones_classified') }}
),

final as (
    select
        numero_atencion,
        fecha_atencion,
        anio_atencion,
        mes_atencion,
        hora_atencion,
        tipo_tramite,
        nacionalidad,
        is_extranjero,
        sexo,
        comuna_registrada,
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
