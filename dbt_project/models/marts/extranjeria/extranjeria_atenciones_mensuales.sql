-- The office's reservations per month and procedure: attentions given (to foreigners and in
-- all), and reservations nobody came to or that were cancelled. Each reservation once.
with

atenciones as (
    select * from {{ ref('int_extranjeria__atenciones_classified') }}
),

reservas as (
    select
        anio_atencion,
        mes_atencion,
        tipo_tramite,
        estado,
        is_extranjero,
        is_counted
    from atenciones
    where
        is_counted
        or exclusion_reason in ('reserva sin asistencia', 'reserva anulada')
),

final as (
    select
        anio_atencion,
        mes_atencion,
        tipo_tramite,
        cast(sum(case when is_counted then 1 else 0 end) as bigint) as atenciones,
        cast(
            sum(case when is_counted and is_extranjero then 1 else 0 end) as bigint
        ) as atenciones_extranjeros,
        cast(
            sum(case when estado = 'no se presenta' then 1 else 0 end) as bigint
        ) as reservas_sin_asistencia,
        cast(sum(case when estado = 'anulada' then 1 else 0 end) as bigint) as reservas_anuladas
    from reservas
    group by
        anio_atencion,
        mes_atencion,
        tipo_tramite
)

select * from final
