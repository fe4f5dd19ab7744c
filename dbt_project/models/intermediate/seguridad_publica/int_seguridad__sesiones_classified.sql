-- Each session of the log with the official name of its committee and, when it does not
-- count, why: the same session typed twice, or a committee name nobody has translated yet.
with

sesiones as (
    select * from {{ ref('stg_seguridad__sesiones') }}
),

instancias as (
    select * from {{ ref('seguridad_instancias') }}
),

located as (
    select
        sesiones.*,
        instancias.instancia,
        instancias.ambito,
        row_number() over (
            partition by instancias.instancia, sesiones.fecha_sesion, sesiones.estado_key
            order by sesiones.source_line_number
        ) as record_sequence
    from sesiones
    left join instancias
        on sesiones.instancia_key = {{ normalize_label('instancias.etiqueta_origen') }}
),

classified as (
    select
        *,
        case
            when instancia is null then 'instancia desconocida'
            when record_sequence > 1 then 'sesión anotada dos veces'
        end as exclusion_reason
    from located
),

final as (
    select
        fecha_sesion,
        instancia_registrada,
        instancia,
        ambito,
        tipo_sesion,
        modalidad,
        lugar,
        numero_asistentes,
        instituciones,
        numero_acuerdos,
        acuerdos,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        cast(extract(year from fecha_sesion) as integer) as anio,
        case estado_key
            when 'realizada' then 'Realizada'
            when 'suspendida' then 'Suspendida'
            when 'reprogramada' then 'Reprogramada'
        end as estado,
        estado_key = 'realizada' as is_realizada,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
