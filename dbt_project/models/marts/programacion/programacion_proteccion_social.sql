-- The printed table of part III on the Programa de Fortalecimiento de la Gestión Provincial
-- del Sistema de Protección Social: meetings of the next year's plan per social policy.
-- `anio` is the year of the report that prints the plan (the year before the one planned).
{{ printed_table(
    'programacion_proteccion_social',
    {'cantidad': 'bigint'},
    row_label_name='politica_social',
) }}
