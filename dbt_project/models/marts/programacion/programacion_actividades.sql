-- One row per activity or target of each year's plan (the planning sheets' rows that count),
-- in the province of the governorate whose sheet it is.
with

actividades as (
    select * from {{ ref('int_programacion__actividades_classified') }}
),

final as (
    select
        cut_provincia,
        provincia,
        anio,
        correlativo,
        eje,
        programa,
        tipo_actividad,
        ambito,
        cut_comuna,
        comuna,
        localidad,
        fecha_estimada,
        semestre,
        cantidad,
        unidad,
        tipo_meta,
        publico_estimado,
        observaciones,
        source_file_name,
        source_sha256,
        source_line_number
    from actividades
    where is_counted
)

select * from final
