-- Each FONDES application with its official comuna, the printed organisation type it
-- belongs to (seed `fondes_tipos_organizacion`) and, when it is not counted, why.
-- Whether it was awarded is a separate flag: the marts count the awarded ones.
with

proyectos as (
    select * from {{ ref('stg_fondes__proyectos') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

tipos as (
    select * from {{ ref('fondes_tipos_organizacion') }}
),

located as (
    select
        proyectos.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        tipos.tipo_organizacion,
        tipos.orden as orden_tipo_organizacion,
        -- the same application exported twice keeps its folio
        row_number() over (
            partition by proyectos.folio
            order by proyectos.source_line_number
        ) as record_sequence
    from proyectos
    left join comunas
        on proyectos.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join tipos
        on
            proyectos.tipo_organizacion_key
            = {{ normalize_label('tipos.tipo_organizacion_sistema') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when tipo_organizacion is null then 'tipo de organización desconocido'
            when record_sequence > 1 then 'postulación exportada dos veces'
        end as exclusion_reason
    from located
),

final as (
    select
        folio,
        anio,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        rut_organizacion_hash,
        nombre_organizacion,
        tipo_organizacion_sistema,
        tipo_organizacion,
        orden_tipo_organizacion,
        nombre_proyecto,
        linea,
        estado,
        monto_solicitado,
        monto_adjudicado,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted,
        estado = 'Adjudicado' as is_adjudicado
    from classified
)

select * from final
