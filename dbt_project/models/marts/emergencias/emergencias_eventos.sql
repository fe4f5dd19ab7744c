-- One row per emergency counted in Atacama, every year (no re-reports, drills or
-- non-emergency codes).
with

eventos as (
    select * from {{ ref('int_emergencias__eventos_classified') }}
    where is_counted
),

final as (
    select
        numero_reporte,
        fecha_evento,
        hora_evento,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        clave,
        tipo_emergencia,
        detalle_emergencia,
        detalle,
        fallecidos,
        lesionados,
        fuente,
        source_file_name,
        source_sha256,
        source_line_number,
        extract(year from fecha_evento) as anio,
        extract(month from fecha_evento) as mes
    from eventos
)

select * from final
