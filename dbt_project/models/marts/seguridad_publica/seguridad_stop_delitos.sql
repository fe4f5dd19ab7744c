-- The printed STOP table (report II.5.a): cases per crime, the two printed subtotals and the
-- total, all summed from the crime rows, beside the umbral the system gave for the year to
-- date at its last cut of the year, for every province and year (an edition prints one).
{{ printed_table(
    'stop_delitos',
    {'cantidad': 'bigint', 'umbral': 'double'},
    row_label_name='delito',
) }}
