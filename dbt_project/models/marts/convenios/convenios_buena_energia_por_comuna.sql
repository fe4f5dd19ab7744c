-- The printed table «Programa con Buena Energía»: beneficiaries per comuna, for every
-- province and year with workshops (an edition prints one).
{{ printed_table(
    'convenio_buena_energia',
    {'n_beneficiados': 'bigint'},
    row_label_name='comuna',
) }}
