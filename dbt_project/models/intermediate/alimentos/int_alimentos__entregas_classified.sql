with

entregas as (
    select * from {{ ref('stg_alimentos__entregas') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

rondas as (
    select * from {{ ref('alimentos_rondas') }}
),

located as (
    select
        entregas.*,
        comunas.cut_comuna,
        comunas.comuna,
        comunas.cut_provincia,
        comunas.provincia,
        rondas.inicio_ronda,
        rondas.fin_ronda,
        extract(year from entregas.fecha_entrega) as anio,
        -- a household receives one box per round: later records of the same pair repeat it
        row_number() over (
            partition by
                entregas.rut_hogar_hash,
                extract(year from entregas.fecha_entrega),
                entregas.numero_entrega
            order by entregas.fecha_entrega, entregas.folio
        ) as record_sequence
    from entregas
    left join comunas
        on entregas.comuna_key = {{ normalize_label('comunas.comuna') }}
    left join rondas
        on
            extract(year from entregas.fecha_entrega) = rondas.anio
            and entregas.numero_entrega = rondas.numero_entrega
),

classified as (
    select
        *,
        case
            when cut_comuna is null then 'comuna desconocida'
            when inicio_ronda is null then 'ronda sin fechas definidas para su año'
            when record_sequence > 1 then 'entrega registrada dos veces'
            when fecha_entrega < inicio_ronda or fecha_entrega > fin_ronda
                then 'fecha fuera del periodo de la ronda'
        end as exclusion_reason
    from located
),

final as (
    select
        folio,
        fecha_entrega,
        anio,
        numero_entrega,
        comuna_registrada,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        rut_hogar_hash,
        exclusion_reason,
        source_file_name,
        source_sha256,
        source_line_number,
        load_id,
        exclusion_reason is null as is_counted
    from classified
)

select * from final
