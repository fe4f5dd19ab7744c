-- One row per FONDES application (Atacama, every contest in the export), without the
-- applications exported twice, with the printed organisation type and what it received.
with

proyectos as (
    select * from {{ ref('int_fondes__proyectos_classified') }}
),

final as (
    select
        folio,
        anio,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        rut_organizacion_hash,
        nombre_organizacion,
        tipo_organizacion_sistema,
        tipo_organizacion,
        nombre_proyecto,
        linea,
        estado,
        is_adjudicado,
        monto_solicitado,
        monto_adjudicado,
        source_file_name,
        source_sha256,
        source_line_number,
        case when is_adjudicado then monto_adjudicado else 0 end as monto_financiado
    from proyectos
    where is_counted
)

select * from final
