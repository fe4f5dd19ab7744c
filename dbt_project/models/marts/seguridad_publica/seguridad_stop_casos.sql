with

casos as (
    select * from {{ ref('int_stop__casos_classified') }}
),

final as (
    select
        anio,
        semana,
        fecha_inicio_semana,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        delito_registrado,
        delito,
        grupo,
        is_violento,
        is_tabla_stop,
        orden_delito,
        casos,
        source_file_name,
        source_sha256,
        source_line_number
    from casos
    where is_counted
)

select * from final
