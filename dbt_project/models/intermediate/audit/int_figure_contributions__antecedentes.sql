-- Section «Antecedentes» (I) as contributions: the province's population is the census
-- population of its comunas (`reference.comunas`), each comuna a line of that seed. The
-- surface has no source in the warehouse and stays not computed.
with

editions as (
    select * from {{ ref('report_editions') }}
),

comunas as (
    select * from {{ ref('comunas') }}
),

-- the seed lists comunas by CUT after its header line
seed_lines as (
    select
        cut_provincia,
        poblacion_censo_2017,
        row_number() over (order by cut_comuna) + 1 as line_number
    from comunas
),

final as (
    select
        editions.cut_provincia,
        editions.anio,
        'texto' as table_id,
        'antecedentes__texto__poblacion' as figure_id,
        cast(null as {{ dbt.type_string() }}) as row_group,
        cast(null as {{ dbt.type_string() }}) as row_label,
        cast(null as {{ dbt.type_string() }}) as column_key,
        false as is_total,
        'reference.comunas' as source_table,
        'comunas.csv' as source_file_name,
        cast(null as {{ dbt.type_string() }}) as source_sha256,
        seed_lines.line_number as source_line_number,
        cast(seed_lines.poblacion_censo_2017 as double) as contribution
    from editions
    inner join seed_lines
        on editions.cut_provincia = seed_lines.cut_provincia
)

select * from final
