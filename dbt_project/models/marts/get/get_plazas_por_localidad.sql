-- The printed table «Programa Gobierno en Terreno» (report II.1): services taking part and
-- people attended in each plaza, then the total row of people, for every province and year
-- with plazas held (an edition prints one). The total row leaves services blank, as printed.
{{ printed_table(
    'get_plazas',
    {'servicios_participantes': 'bigint', 'personas_atendidas': 'bigint'},
    row_label_name='localidad',
) }}
