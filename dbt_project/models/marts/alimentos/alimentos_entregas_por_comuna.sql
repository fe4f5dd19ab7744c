-- The printed table «Entrega Beneficio “Alimentos para Chile”»: boxes per comuna and round,
-- then the total row, for every province and year delivered (an edition prints one).
{{ printed_table(
    'alimentos_entregas',
    {'primera_entrega': 'bigint', 'segunda_entrega': 'bigint', 'tercera_entrega': 'bigint'},
    row_label_name='comuna',
) }}
