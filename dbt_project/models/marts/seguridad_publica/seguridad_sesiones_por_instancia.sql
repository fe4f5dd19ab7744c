-- Sessions per province, year and committee: held, suspended and moved, with agreements
-- and attendance.
with

sesiones as (
    select * from {{ ref('seguridad_sesiones') }}
),

final as (
    select
        cut_provincia,
        provincia,
        anio,
        instancia,
        ambito,
        cast(sum(case when is_realizada then 1 else 0 end) as bigint) as sesiones_realizadas,
        cast(
            sum(case when estado = 'Suspendida' then 1 else 0 end) as bigint
        ) as sesiones_suspendidas,
        cast(
            sum(case when estado = 'Reprogramada' then 1 else 0 end) as bigint
        ) as sesiones_reprogramadas,
        cast(
            sum(case when is_realizada then coalesce(numero_acuerdos, 0) else 0 end) as bigint
        ) as acuerdos,
        round(avg(case when is_realizada then numero_asistentes end), 1) as asistentes_promedio
    from sesiones
    group by
        cut_provincia,
        provincia,
        anio,
        instancia,
        ambito
)

select * from final
