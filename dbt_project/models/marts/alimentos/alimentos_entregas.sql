with

entregas as (
    select * from {{ ref('int_alimentos__entregas_classified') }}
),

final as (
    select
        rut_hogar_hash,
        anio,
        numero_entrega,
        fecha_entrega,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        source_file_name,
        source_sha256,
        source_line_number
    from entregas
    where is_counted
)

select * from final
