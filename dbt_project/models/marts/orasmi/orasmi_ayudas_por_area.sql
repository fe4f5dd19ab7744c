-- The printed table «La ayuda otorgada por áreas fue la siguiente» (report II.7): pesos
-- paid (net of reversals) to the attended requests, per printed area, for every province
-- and year of the ledger (an edition prints one). Areas the table does not print are in
-- orasmi_solicitudes_por_area.
{{ printed_table('orasmi_areas', {'valor': 'bigint'}, row_label_name='area') }}
