-- The printed table «Gobierno en terreno Diálogos» of part III: the citizen dialogues of
-- the next year's plan by comuna and locality (printed as «Maitencillo (2)»). `anio` is the
-- year of the report that prints the plan (the year before the one planned).
{{ printed_table(
    'programacion_dialogos',
    {'dialogos': 'bigint'},
    row_label_name='localidad',
    row_group_name='comuna',
) }}
