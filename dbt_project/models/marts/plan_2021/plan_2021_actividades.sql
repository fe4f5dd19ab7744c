with

actividades as (
    select * from {{ ref('int_plan_2021__actividades_classified') }}
),

final as (
    select
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
        source_line_number
    from actividades
    where is_counted
)

select * from final
