-- Each attention of the Bienes Nacionales desk with its official comuna and, when it is
-- not counted, why.
with

atenciones as (
    select * from {{ ref('stg_convenios__bienes_nacionales_atenciones') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

located as (
    select
        atenciones.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        -- an attention copied twice keeps its number
        row_number() over (
            partition by atenciones.numero_atencion
            order by atenciones.source_line_number
        ) as record_sequence
    from atenciones
    left join comunas
        on atenciones.comuna_key = {{ normalize_label('comunas.comuna') }}
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when record_sequence > 1 then 'atención copiada dos veces'
        end as exclusion_reason
    from located
),

final as (
    select
        numero_atencion,
        fecha_atencion,
        cast(extract(year from fecha_atencion) as integer) as anio,
        cast(extract(month from fecha_atencion) as integer) as mes,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        localidad,
        modalidad,
        tipo_tramite,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
