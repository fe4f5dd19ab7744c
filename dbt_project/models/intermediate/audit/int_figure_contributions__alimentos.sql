-- Section «Alimentos para Chile» as contributions: every counted delivery adds one box to
-- its comuna and round, to the round's total row and to the boxes stated in the text, in
-- the province and year it was delivered.
with

entregas as (
    select * from {{ ref('alimentos_entregas') }}
),

rondas as (
    select * from {{ ref('alimentos_rondas') }}
),

por_ronda as (
    select
        entregas.cut_provincia,
        entregas.anio,
        entregas.comuna,
        rondas.column_key,
        entregas.source_file_name,
        entregas.source_sha256,
        entregas.source_line_number
    from entregas
    inner join rondas
        on
            entregas.anio = rondas.anio
            and entregas.numero_entrega = rondas.numero_entrega
),

cells as (
    select
        cut_provincia,
        anio,
        'alimentos_entregas' as table_id,
        cast(null as {{ dbt.type_string() }}) as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        comuna as row_label,
        column_key,
        false as is_total,
        'raw.alimentos_entregas' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from por_ronda
),

totals as (
    select
        cut_provincia,
        anio,
        table_id,
        figure_id,
        row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        column_key,
        true as is_total,
        source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        contribution
    from cells
),

text_figures as (
    select
        cut_provincia,
        anio,
        'texto' as table_id,
        'alimentos__texto__cajas_mercaderia' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'raw.alimentos_entregas' as source_table,
        source_file_name,
        source_sha256,
        source_line_number,
        cast(1 as double) as contribution
    from entregas
),

final as (
    {{ stack(['cells', 'totals', 'text_figures'], contribution_columns()) }}
)

select * from final
