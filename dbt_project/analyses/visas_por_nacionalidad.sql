-- ¿De qué nacionalidades fueron las solicitudes de residencia ingresadas en la provincia y el
-- año de cada edición de la cuenta pública, y cuántas se otorgaron?
with

mensuales as (
    select * from {{ ref('extranjeria_solicitudes_mensuales') }}
),

ediciones as (
    select * from {{ ref('report_editions') }}
),

final as (
    select
        ediciones.edition_id,
        mensuales.nacionalidad,
        sum(mensuales.solicitudes) as solicitudes,
        sum(
            case when mensuales.estado = 'otorgada' then mensuales.solicitudes else 0 end
        ) as otorgadas
    from mensuales
    inner join ediciones
        on
            mensuales.cut_provincia = ediciones.cut_provincia
            and mensuales.anio_solicitud = ediciones.anio
    group by ediciones.edition_id, mensuales.nacionalidad
)

select * from final
order by edition_id asc, solicitudes desc, nacionalidad asc
