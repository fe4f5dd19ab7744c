-- Every attention of the social area with its official comuna of residence and, when it
-- does not count, why (the same attention typed twice). Nothing is dropped here.
with

atenciones as (
    select * from {{ ref('stg_area_social__atenciones') }}
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
        -- one person, one day, one kind of attention: later records repeat it
        row_number() over (
            partition by
                atenciones.rut_persona_hash,
                atenciones.fecha_atencion,
                atenciones.tipo_atencion
            order by
                atenciones.numero_atencion,
                atenciones.source_file_name,
                atenciones.source_line_number
        ) as record_sequence
    from atenciones
    left join comunas
        on atenciones.comuna_key = {{ normalize_label('comunas.comuna') }}
),

final as (
    select
        numero_atencion,
        fecha_atencion,
        tipo_atencion,
        canal,
        rut_persona_hash,
        sexo,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        case
            when record_sequence > 1 then 'atención registrada dos veces'
        end as exclusion_reason,
        record_sequence = 1 as is_counted
    from located
)

select * from final
