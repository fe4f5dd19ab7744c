-- Every report of the emergency log with its official comuna (CUT, province) and its type
-- as the report groups it and, when it does not count as an emergency, the reason: unknown
-- comuna or code, a drill, a code that is not an emergency, or an event already reported
-- (same day, comuna and code, minutes after an earlier report). Nothing is dropped here.
with

eventos as (
    select * from {{ ref('stg_emergencias__eventos') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

tipos as (
    select * from {{ ref('emergencias_tipos') }}
),

located as (
    select
        eventos.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        tipos.is_emergencia,
        tipos.tipo_emergencia,
        tipos.etiqueta_tipo_impresa,
        tipos.detalle_emergencia,
        coalesce(
            comunas.cut_comuna is not null
            and tipos.is_emergencia
            and not eventos.is_simulacro,
            false
        ) as is_candidate
    from eventos
    left join comunas
        on eventos.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join tipos
        on eventos.clave = tipos.clave
),

sequenced as (
    select
        *,
        minuto_del_dia - lag(minuto_del_dia) over (
            partition by is_candidate, fecha_evento, cut_comuna, clave
            order by minuto_del_dia nulls last, numero_reporte
        ) as minutos_desde_reporte_anterior
    from located
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when tipo_emergencia is null then 'clave desconocida'
            when is_simulacro then 'simulacro'
            when not is_emergencia then 'clave que no es emergencia'
            when
                minutos_desde_reporte_anterior
                <= {{ var('emergencias_minutos_reporte_repetido', 30) }}
                then 'evento ya reportado'
        end as exclusion_reason
    from sequenced
),

final as (
    select
        numero_reporte,
        fecha_evento,
        hora_evento,
        minuto_del_dia,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        clave,
        tipo_evento_registrado,
        tipo_emergencia,
        etiqueta_tipo_impresa,
        detalle_emergencia,
        detalle,
        fallecidos,
        lesionados,
        fuente,
        is_simulacro,
        minutos_desde_reporte_anterior,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
