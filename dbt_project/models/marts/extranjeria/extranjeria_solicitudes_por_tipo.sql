-- The printed table «Extranjería» (report II.3.b), for every province and year of the
-- records (an edition prints one): applications submitted by residents of the province,
-- per visa type with the printed labels, their total row, and the office's attentions to
-- foreigners, which the report prints in the same table as a total row of their own.
{{ printed_table(
    'extranjeria_solicitudes',
    {'solicitudes_ingresadas': 'bigint', 'atenciones': 'bigint'},
    row_label_name='tipo_solicitud',
) }}
