-- One row per counted attention of the Bienes Nacionales desk at the governorate.
with

atenciones as (
    select * from {{ ref('int_convenios__bienes_nacionales_atenciones_classified') }}
),

final as (
    select
        numero_atencion,
        fecha_atencion,
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        localidad,
        modalidad,
        tipo_tramite,
        source_file_name,
        source_sha256,
        source_line_number
    from atenciones
    where is_counted
)

select * from final
