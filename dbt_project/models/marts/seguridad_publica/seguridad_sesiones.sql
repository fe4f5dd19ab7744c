-- One row per session of the security committees' register (not typed twice). The register
-- names no province: it is the one its governorate keeps (var gobernacion_cut_provincia).
with

sesiones as (
    select * from {{ ref('int_seguridad__sesiones_classified') }}
    where is_counted
),

provincias as (
    select distinct
        cut_provincia,
        provincia
    from {{ ref('comunas') }}
),

located as (
    select
        sesiones.*,
        '{{ var("gobernacion_cut_provincia") }}' as cut_provincia
    from sesiones
),

final as (
    select
        located.cut_provincia,
        provincias.provincia,
        located.fecha_sesion,
        located.anio,
        located.instancia,
        located.ambito,
        located.tipo_sesion,
        located.modalidad,
        located.estado,
        located.is_realizada,
        located.lugar,
        located.numero_asistentes,
        located.instituciones,
        located.numero_acuerdos,
        located.acuerdos,
        located.source_file_name,
        located.source_sha256,
        located.source_line_number
    from located
    left join provincias
        on located.cut_provincia = provincias.cut_provincia
)

select * from final
