-- Every row of the plaza log with its official comuna and printed locality and, when it
-- does not count as a plaza held, the reason. Nothing is dropped here.
with

plazas as (
    select * from {{ ref('stg_get__plazas') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

localidades as (
    select * from {{ ref('get_localidades') }}
),

located as (
    select
        plazas.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        localidades.localidad,
        localidades.cut_comuna as cut_comuna_localidad,
        -- the same plaza pasted twice into the sheet: the first row stands
        row_number() over (
            partition by plazas.id_plaza
            order by plazas.source_line_number
        ) as record_sequence
    from plazas
    left join comunas
        on plazas.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join localidades
        on plazas.localidad_key = {{ normalize_label('localidades.localidad') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when localidad is null then 'localidad desconocida'
            when record_sequence > 1 then 'plaza registrada dos veces'
            when estado = 'Suspendida' then 'plaza suspendida'
        end as exclusion_reason
    from located
),

final as (
    select
        id_plaza,
        fecha_plaza,
        modalidad,
        estado,
        comuna_registrada,
        localidad_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        localidad,
        lugar,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        localidad
        || case when modalidad = 'Virtual' then ' (Virtual)' else '' end as localidad_impresa,
        modalidad = 'Virtual' as is_virtual,
        coalesce(cut_comuna_localidad = cut_comuna, false) as is_localidad_en_comuna,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
