-- ¿De qué nacionalidades fueron las solicitudes de residencia ingresadas en 2020 en la
-- provincia de Huasco, y cuántas se otorgaron?
with

mensuales as (
    select * from {{ ref('extranjeria_solicitudes_mensuales') }}
),

final as (
    select
        nacionalidad,
        sum(solicitudes) as solicitudes,
        sum(case when estado = 'otorgada' then solicitudes else 0 end) as otorgadas
    from mensuales
    where
        anio_solicitud = 2020
        and cut_provincia = '033'
    group by nacionalidad
)

select * from final
order by solicitudes desc, nacionalidad asc
