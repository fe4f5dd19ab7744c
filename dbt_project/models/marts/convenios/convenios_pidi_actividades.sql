-- One row per counted attention or activity of the PIDI office (convenio with CONADI),
-- with the printed row of the activity table it belongs to.
with

actividades as (
    select * from {{ ref('int_convenios__pidi_actividades_classified') }}
),

final as (
    select
        numero_registro,
        fecha_actividad,
        anio,
        cast(extract(month from fecha_actividad) as integer) as mes,
        tipo_actividad,
        detalle_actividad,
        detalle,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        localidad,
        source_file_name,
        source_sha256,
        source_line_number
    from actividades
    where is_counted
)

select * from final
