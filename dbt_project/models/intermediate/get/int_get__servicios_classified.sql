-- Every service convened to a plaza, identified in the catalogue of public services, and,
-- when it does not count as taking part, the reason: unknown service, plaza not held,
-- service written twice in the plaza (by name and by acronym) or service that did not come.
with

servicios as (
    select * from {{ ref('stg_get__servicios') }}
),

catalogo as (
    select * from {{ ref('get_servicios_publicos') }}
),

plazas as (
    select * from {{ ref('int_get__plazas_classified') }}
    where is_counted
),

identified as (
    select
        servicios.*,
        catalogo.sigla as sigla_servicio,
        catalogo.servicio,
        plazas.fecha_plaza,
        plazas.localidad_impresa
    from servicios
    left join catalogo
        on
            servicios.servicio_key = {{ normalize_label('catalogo.servicio') }}
            or servicios.servicio_key = {{ normalize_label('catalogo.sigla') }}
    left join plazas
        on servicios.id_plaza = plazas.id_plaza
),

sequenced as (
    select
        *,
        -- one participation per service and plaza: a row saying it came stands first
        row_number() over (
            partition by id_plaza, sigla_servicio
            order by case when has_asistido then 0 else 1 end, source_line_number
        ) as record_sequence
    from identified
),

classified as (
    select
        *,
        case
            when sigla_servicio is null then 'servicio desconocido'
            when fecha_plaza is null then 'plaza no realizada'
            when record_sequence > 1 then 'servicio registrado dos veces en la plaza'
            when not has_asistido then 'servicio no asistió'
        end as exclusion_reason
    from sequenced
),

final as (
    select
        id_plaza,
        fecha_plaza,
        localidad_impresa,
        servicio_registrado,
        sigla_servicio,
        servicio,
        has_asistido,
        numero_funcionarios,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
