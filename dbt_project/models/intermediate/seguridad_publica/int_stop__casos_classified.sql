-- Every STOP case row with its official comuna and its row of the printed table, and, when
-- it does not count, why: a later download of the same week replaced it, or its comuna or
-- crime label is unknown. Nothing is dropped here; the marts count rows with `is_counted`.
with

casos as (
    select * from {{ ref('stg_stop__casos') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

clasificacion as (
    select * from {{ ref('delitos_clasificacion') }}
    where nivel = 'delito'
),

located as (
    select
        casos.*,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        clasificacion.delito,
        clasificacion.grupo,
        clasificacion.is_violento,
        clasificacion.is_tabla_stop,
        clasificacion.orden as orden_delito,
        -- the export ends with a second download that repeats some weeks with their
        -- definitive counts: the last row of a comuna, week and crime label is the one
        row_number() over (
            partition by casos.cut_comuna, casos.anio, casos.semana, casos.delito_key
            order by casos.source_file_name desc, casos.source_line_number desc
        ) as download_rank
    from casos
    left join comunas
        on casos.cut_comuna = comunas.cut_comuna
    left join clasificacion
        on casos.delito_key = {{ normalize_label('clasificacion.etiqueta_origen') }}
),

classified as (
    select
        *,
        case
            when cut_provincia is null then 'comuna desconocida'
            when delito is null then 'delito sin clasificar'
            when download_rank > 1 then 'semana reemplazada por una descarga posterior'
        end as exclusion_reason
    from located
),

final as (
    select
        anio,
        semana,
        fecha_inicio_semana,
        -- an ISO week belongs to the month (and year) of its Thursday
        cast(
            extract(month from {{ dbt.dateadd('day', 3, 'fecha_inicio_semana') }}) as integer
        ) as mes,
        cut_comuna,
        comuna,
        comuna_registrada,
        cut_provincia,
        provincia,
        delito_registrado,
        delito,
        grupo,
        is_violento,
        is_tabla_stop,
        orden_delito,
        casos,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
