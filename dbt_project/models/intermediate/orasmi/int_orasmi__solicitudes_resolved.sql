-- One row per ORASMI request: its movements (payments, reversals, rejection, annulment)
-- netted into a final state and amount. A request is attended when its payments exceed
-- its reversals; it belongs to the year of its last payment, or of its last movement if
-- it was not attended.
with

movimientos as (
    select * from {{ ref('int_orasmi__solicitudes_classified') }}
    where is_counted
),

ordered as (
    select
        *,
        row_number() over (
            partition by numero_solicitud
            order by fecha_estado, source_file_name, source_line_number
        ) as movement_sequence
    from movimientos
),

first_rows as (
    select * from ordered
    where movement_sequence = 1
),

totals as (
    select
        numero_solicitud,
        max(numero_resolucion) as numero_resolucion,
        sum(case when estado = 'pagada' then monto_movimiento else 0 end) as monto_pagado,
        -sum(case when estado = 'reversada' then monto_movimiento else 0 end) as monto_reversado,
        sum(monto_movimiento) as monto_neto,
        sum(case when estado = 'pagada' then 1 else 0 end) as pagos,
        sum(case when estado = 'reversada' then 1 else 0 end) as reversas,
        sum(case when estado = 'anulada' then 1 else 0 end) as anulaciones,
        sum(case when estado = 'rechazada' then 1 else 0 end) as rechazos,
        count(*) as movimientos,
        max(case when estado = 'pagada' then fecha_estado end) as fecha_ultimo_pago,
        max(fecha_estado) as fecha_ultimo_movimiento
    from movimientos
    group by numero_solicitud
),

resolved as (
    select
        first_rows.numero_solicitud,
        totals.numero_resolucion,
        first_rows.fecha_solicitud,
        first_rows.rut_solicitante_hash,
        first_rows.sexo,
        first_rows.is_jefe_hogar,
        first_rows.cut_comuna,
        first_rows.comuna,
        first_rows.cut_provincia,
        first_rows.provincia,
        first_rows.area,
        first_rows.etiqueta_publicada,
        first_rows.orden_publicado,
        first_rows.tipo_ayuda,
        first_rows.tramo_rsh,
        cast(totals.monto_pagado as bigint) as monto_pagado,
        cast(totals.monto_reversado as bigint) as monto_reversado,
        cast(totals.monto_neto as bigint) as monto_neto,
        cast(totals.pagos as bigint) as pagos,
        cast(totals.reversas as bigint) as reversas,
        cast(totals.movimientos as bigint) as movimientos,
        totals.fecha_ultimo_pago,
        totals.fecha_ultimo_movimiento,
        first_rows.source_file_name,
        first_rows.source_sha256,
        first_rows.source_line_number,
        case
            when totals.monto_neto > 0 then 'pagada'
            when totals.pagos > 0 then 'reversada'
            when totals.anulaciones > 0 then 'anulada'
            when totals.rechazos > 0 then 'rechazada'
        end as estado_final
    from first_rows
    inner join totals
        on first_rows.numero_solicitud = totals.numero_solicitud
),

with_result as (
    select
        *,
        case
            when estado_final = 'pagada' then fecha_ultimo_pago
            else fecha_ultimo_movimiento
        end as fecha_resultado,
        estado_final = 'pagada' as is_atendida
    from resolved
),

final as (
    select
        numero_solicitud,
        numero_resolucion,
        fecha_solicitud,
        fecha_resultado,
        rut_solicitante_hash,
        sexo,
        is_jefe_hogar,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        area,
        etiqueta_publicada,
        orden_publicado,
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
    from with_result
)

select * from final
