with

solicitudes as (
    select * from {{ ref('int_orasmi__solicitudes_resolved') }}
),

enriched as (
    select
        *,
        cast(extract(year from fecha_resultado) as integer) as anio,
        cast(extract(month from fecha_resultado) as integer) as mes,
        coalesce(sexo = 'F' and is_jefe_hogar, false) as is_mujer_jefa_hogar
    from solicitudes
),

final as (
    select
        numero_solicitud,
        numero_resolucion,
        fecha_solicitud,
        fecha_resultado,
        anio,
        mes,
        rut_solicitante_hash,
        sexo,
        is_jefe_hogar,
        is_mujer_jefa_hogar,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        area,
        etiqueta_publicada,
        tipo_ayuda,
        tramo_rsh,
        estado_final,
        is_atendida,
        monto_pagado,
        monto_reversado,
        monto_neto,
        pagos,
        reversas,
        movimientos,
        source_file_name,
        source_sha256,
        source_line_number
    from enriched
)

select * from final
