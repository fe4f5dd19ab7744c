-- Each veterinary service of «Mascota Protegida» with its official comuna and the
-- agreement programme it belongs to (seed `convenios_mascota_protegida_programas`: the
-- same name can mean another year's programme, so the year is part of the match).
with

prestaciones as (
    select * from {{ ref('stg_convenios__mascota_protegida_prestaciones') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

programas as (
    select * from {{ ref('convenios_mascota_protegida_programas') }}
),

located as (
    select
        prestaciones.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        programas.programa,
        programas.anio_convenio
    from prestaciones
    left join comunas
        on prestaciones.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join programas
        on
            prestaciones.programa_key = {{ normalize_label('programas.programa_registrado') }}
            and extract(year from prestaciones.fecha_prestacion) = programas.anio_convenio
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when programa is null then 'programa desconocido'
        end as exclusion_reason
    from located
),

final as (
    select
        fecha_prestacion,
        cast(extract(year from fecha_prestacion) as integer) as anio,
        programa_registrado,
        programa,
        anio_convenio,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        sector,
        rut_tutor_hash,
        especie,
        sexo_mascota,
        prestacion,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
