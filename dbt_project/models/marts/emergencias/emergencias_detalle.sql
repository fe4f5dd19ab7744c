-- The printed table «Detalles emergencias …» (report II.8): emergencies by type and detail,
-- then the total row, for every province and year (an edition prints one). The type label of
-- traffic accidents carries the people killed («{fallecidos}» in emergencias_tipos).
{{ printed_table(
    'emergencias_detalle',
    {'cantidad_hechos': 'bigint'},
    row_label_name='detalle_emergencia',
    row_group_name='tipo_emergencia',
) }}
