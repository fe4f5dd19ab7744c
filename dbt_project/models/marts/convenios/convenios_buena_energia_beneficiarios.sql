-- One row per beneficiary of «Con Buena Energía» and year: a person counted once, in the
-- comuna of their first workshop of the year, with how many workshops they attended.
with

asistencias as (
    select * from {{ ref('int_convenios__buena_energia_asistencias_classified') }}
),

primeras as (
    select
        rut_asistente_hash,
        anio,
        fecha_taller,
        taller,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        source_file_name,
        source_sha256,
        source_line_number
    from asistencias
    where is_primera_asistencia_del_anio
),

resumen as (
    select
        rut_asistente_hash,
        anio,
        count(*) as n_talleres,
        max(case when has_certificado then 1 else 0 end) as con_certificado
    from asistencias
    where is_counted
    group by rut_asistente_hash, anio
),

joined as (
    select
        primeras.rut_asistente_hash,
        primeras.anio,
        primeras.fecha_taller as fecha_primer_taller,
        primeras.taller as primer_taller,
        primeras.cut_comuna,
        primeras.comuna,
        primeras.cut_provincia,
        primeras.provincia,
        primeras.source_file_name,
        primeras.source_sha256,
        primeras.source_line_number,
        cast(extract(month from primeras.fecha_taller) as integer) as mes_primer_taller,
        cast(resumen.n_talleres as integer) as n_talleres,
        resumen.con_certificado = 1 as has_certificado
    from primeras
    inner join resumen
        on
            primeras.rut_asistente_hash = resumen.rut_asistente_hash
            and primeras.anio = resumen.anio
),

final as (
    select
        rut_asistente_hash,
        anio,
        fecha_primer_taller,
        mes_primer_taller,
        primer_taller,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        n_talleres,
        has_certificado,
        source_file_name,
        source_sha256,
        source_line_number
    from joined
)

select * from final
