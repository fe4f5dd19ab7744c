-- Every agreement of section II.9 on one grain: how many beneficiaries, records, attentions
-- or services per comuna, month and category, for every year in the sources.
with

beneficiarios as (
    select * from {{ ref('convenios_buena_energia_beneficiarios') }}
),

pidi as (
    select * from {{ ref('convenios_pidi_actividades') }}
),

bienes_nacionales as (
    select * from {{ ref('convenios_bienes_nacionales_atenciones') }}
),

prestaciones as (
    select * from {{ ref('int_convenios__mascota_protegida_prestaciones_classified') }}
),

buena_energia_rows as (
    select
        'Con Buena Energía' as convenio,
        anio,
        mes_primer_taller as mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        'Beneficiarios' as categoria,
        'beneficiarios' as unidad,
        count(*) as cantidad
    from beneficiarios
    group by anio, mes_primer_taller, cut_comuna, comuna, cut_provincia, provincia
),

pidi_rows as (
    select
        'Programa PIDI (CONADI)' as convenio,
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        detalle_actividad as categoria,
        'registros' as unidad,
        count(*) as cantidad
    from pidi
    group by anio, mes, cut_comuna, comuna, cut_provincia, provincia, detalle_actividad
),

bienes_nacionales_rows as (
    select
        'Bienes Nacionales' as convenio,
        anio,
        mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        tipo_tramite as categoria,
        'atenciones' as unidad,
        count(*) as cantidad
    from bienes_nacionales
    group by anio, mes, cut_comuna, comuna, cut_provincia, provincia, tipo_tramite
),

mascota_rows as (
    select
        'Mascota Protegida' as convenio,
        anio,
        cast(extract(month from fecha_prestacion) as integer) as mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        programa as categoria,
        'prestaciones' as unidad,
        count(*) as cantidad
    from prestaciones
    where is_counted
    group by
        anio,
        extract(month from fecha_prestacion),
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        programa
),

unioned as (
    select * from buena_energia_rows
    union all
    select * from pidi_rows
    union all
    select * from bienes_nacionales_rows
    union all
    select * from mascota_rows
),

final as (
    select
        convenio,
        cast(anio as integer) as anio,
        cast(mes as integer) as mes,
        cut_comuna,
        comuna,
        cut_provincia,
        provincia,
        categoria,
        unidad,
        cast(cantidad as bigint) as cantidad
    from unioned
)

select * from final
