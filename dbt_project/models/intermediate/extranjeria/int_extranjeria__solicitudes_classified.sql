-- Every application record with its official comuna (CUT and province) and its printed visa
-- type, and, when it is not counted, why. An application can come twice: exported twice in
-- one file, or still in process in one yearly file and resolved in the next one. The record
-- with the latest information (resolved first, then the latest resolution, then the latest
-- file) is the one counted.
with

solicitudes as (
    select * from {{ ref('stg_extranjeria__solicitudes') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

tipos_visa as (
    select * from {{ ref('extranjeria_tipos_visa') }}
),

located as (
    select
        solicitudes.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        tipos_visa.tipo_visa,
        solicitudes.estado <> 'en tramite' as is_resuelta,
        row_number() over (
            partition by solicitudes.numero_solicitud
            order by
                case when solicitudes.estado = 'en tramite' then 1 else 0 end,
                solicitudes.fecha_resolucion desc nulls last,
                solicitudes.source_file_name desc,
                solicitudes.source_line_number asc
        ) as record_sequence
    from solicitudes
    left join comunas
        on solicitudes.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join tipos_visa
        on solicitudes.tipo_visa_key = {{ normalize_label('tipos_visa.tipo_visa_origen') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when tipo_visa is null then 'tipo de visa sin homologar'
            when record_sequence > 1 then 'solicitud registrada dos veces'
        end as exclusion_reason
    from located
),

final as (
    select
        numero_solicitud,
        rut_solicitante_hash,
        fecha_solicitud,
        cast(extract(year from fecha_solicitud) as integer) as anio_solicitud,
        cast(extract(month from fecha_solicitud) as integer) as mes_solicitud,
        tipo_visa_origen,
        tipo_visa,
        beneficio_agrupado,
        estado,
        is_resuelta,
        fecha_resolucion,
        sexo,
        nacionalidad,
        anio_nacimiento,
        titular_dependiente,
        actividad,
        profesion,
        estudios,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        autoridad,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
