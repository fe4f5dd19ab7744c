-- The printed table «Gobierno en terreno Plazas Ciudadanas» of part III: the plazas of the
-- next year's plan by comuna and locality with their expected audience. `anio` is the year
-- of the report that prints the plan (the year before the one planned).
{{ printed_table(
    'programacion_plazas',
    {'publico_estimado': 'bigint'},
    row_label_name='localidad',
    row_group_name='comuna',
) }}
