-- The printed table «Fondo social implementación/equipamiento» (FONDES): organisations
-- awarded and amount awarded per type of organisation, then the total row computed from
-- the organisations (not by adding the printed rows), for every province and contest year.
{{ printed_table(
    'fondes_organizaciones',
    {'n_organizaciones_beneficiadas': 'bigint', 'monto': 'bigint'},
    row_label_name='tipo_organizacion',
) }}
