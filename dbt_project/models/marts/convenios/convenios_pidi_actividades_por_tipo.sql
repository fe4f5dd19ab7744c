-- The printed table «Detalle de actividades realizadas» of the PIDI programme (CONADI):
-- attentions, certificates, field visits and meetings per printed row, for every province
-- and year recorded (an edition prints one).
{{ printed_table(
    'convenio_pidi',
    {'cantidad': 'bigint'},
    row_label_name='detalle_actividad',
    row_group_name='tipo_actividad',
) }}
