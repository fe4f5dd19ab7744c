-- Every attention of the log, identified in the catalogue of public services and tied to
-- its plaza, and, when it does not count, the reason: unknown service, plaza not held or
-- attention typed twice (same person, plaza and service).
with

atenciones as (
    select * from {{ ref('stg_get__atenciones') }}
),

catalogo as (
    select * from {{ ref('get_servicios_publicos') }}
),

plazas as (
    select * from {{ ref('int_get__plazas_classified') }}
    where is_counted
),

participaciones as (
    select * from {{ ref('int_get__servicios_classified') }}
    where is_counted
),

identified as (
    select
        atenciones.*,
        catalogo.sigla as sigla_servicio,
        catalogo.servicio,
        plazas.fecha_plaza,
        plazas.localidad_impresa,
        plazas.cut_comuna,
        plazas.comuna,
        participaciones.id_plaza is not null as has_participacion_registrada,
        row_number() over (
            partition by atenciones.id_plaza, atenciones.rut_persona_hash, catalogo.sigla
            order by atenciones.fecha_atencion, atenciones.folio
        ) as record_sequence
    from atenciones
    left join catalogo
        on
            atenciones.servicio_key = {{ normalize_label('catalogo.servicio') }}
            or atenciones.servicio_key = {{ normalize_label('catalogo.sigla') }}
    left join plazas
        on atenciones.id_plaza = plazas.id_plaza
    left join participaciones
        on
            atenciones.id_plaza = participaciones.id_plaza
            and catalogo.sigla = participaciones.sigla_servicio
),

classified as (
    select
        *,
        case
            when sigla_servicio is null then 'servicio desconocido'
            when fecha_plaza is null then 'plaza no realizada'
            when record_sequence > 1 then 'atención registrada dos veces'
        end as exclusion_reason
    from identified
),

final as (
    select
        folio,
        id_plaza,
        fecha_plaza,
        fecha_atencion,
        localidad_impresa,
        cut_comuna,
        comuna,
        servicio_registrado,
        sigla_servicio,
        servicio,
        rut_persona_hash,
        sexo,
        has_participacion_registrada,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
