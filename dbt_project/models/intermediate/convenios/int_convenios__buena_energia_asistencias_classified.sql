-- Each signature on a «Con Buena Energía» attendance sheet with its official comuna and,
-- when it is not counted, why. A beneficiary is a person, once a year, in the comuna of
-- their first workshop of that year.
with

asistencias as (
    select * from {{ ref('stg_convenios__buena_energia_asistencias') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

located as (
    select
        asistencias.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        extract(year from asistencias.fecha_taller) as anio,
        -- the same person signed twice on the sheet of the same workshop
        row_number() over (
            partition by
                asistencias.rut_asistente_hash,
                asistencias.fecha_taller,
                asistencias.comuna_key,
                asistencias.taller_key
            order by asistencias.source_line_number
        ) as signature_sequence
    from asistencias
    left join comunas
        on asistencias.comuna_key = {{ normalize_label('comunas.comuna') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when signature_sequence > 1 then 'asistencia registrada dos veces'
        end as exclusion_reason
    from located
),

sequenced as (
    select
        *,
        -- order of the person's counted attendances within the year
        row_number() over (
            partition by rut_asistente_hash, anio, exclusion_reason
            order by fecha_taller, source_line_number
        ) as attendance_sequence
    from classified
),

final as (
    select
        fecha_taller,
        cast(anio as integer) as anio,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        lugar,
        taller,
        rut_asistente_hash,
        has_certificado,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted,
        exclusion_reason is null and attendance_sequence = 1 as is_primera_asistencia_del_anio
    from sequenced
)

select * from final
