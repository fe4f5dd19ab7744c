-- The printed table «Atención Bienes Nacionales»: attentions per comuna in the period the
-- edition prints (seed `report_periods`), for every edition's province and year.
{{ printed_table(
    'convenio_bienes_nacionales',
    {'n_atenciones': 'bigint'},
    row_label_name='comuna',
) }}
