-- Where each programme of «Mascota Protegida» worked: services per programme and comuna,
-- for every agreement year in the workbook.
with

prestaciones as (
    select * from {{ ref('int_convenios__mascota_protegida_prestaciones_classified') }}
),

aggregated as (
    select
        anio_convenio,
        programa,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        min(fecha_prestacion) as primera_prestacion_date,
        max(fecha_prestacion) as ultima_prestacion_date,
        count(*) as n_prestaciones,
        sum(case when prestacion = 'Esterilización' then 1 else 0 end) as n_esterilizaciones,
        count(distinct rut_tutor_hash) as n_tutores
    from prestaciones
    where is_counted
    group by anio_convenio, programa, cut_comuna, comuna, cut_provincia, provincia
),

final as (
    select
        anio_convenio,
        programa,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        primera_prestacion_date,
        ultima_prestacion_date,
        cast(n_prestaciones as bigint) as n_prestaciones,
        cast(n_esterilizaciones as bigint) as n_esterilizaciones,
        cast(n_tutores as bigint) as n_tutores
    from aggregated
)

select * from final
