{#- The columns of every section's figure-contributions model: one row per source row and
    report cell (or text figure) it counts toward, in the scope (province, year) of the
    report edition that prints it. Summing `contribution` over a cell gives its value. -#}
{% macro contribution_columns() -%}
    {{ return([
        'cut_provincia', 'anio', 'table_id', 'figure_id', 'row_group', 'row_label',
        'column_key', 'is_total', 'source_table', 'source_file_name', 'source_sha256',
        'source_line_number', 'contribution'
    ]) }}
{%- endmacro %}

{#- A printed table of the report, for every province and year the records hold: the
    contributions of `table_id` pivoted into one column per `value_columns` key (name: SQL
    type), one row per printed row. `orden` is the printed position where an edition of
    the report prints that province and year. -#}
{% macro printed_table(table_id, value_columns, row_label_name, row_group_name=none) -%}
with

contributions as (
    select * from {{ ref('int_figure_contributions') }}
    where table_id = '{{ table_id }}'
),

printed_rows as (
    select distinct
        cut_provincia,
        anio,
        row_group,
        row_label,
        row_order
    from {{ ref('int_printed_rows') }}
    where table_id = '{{ table_id }}'
),

provincias as (
    select distinct
        cut_provincia,
        provincia
    from {{ ref('comunas') }}
),

table_rows as (
    select
        cut_provincia,
        anio,
        row_group,
        row_label,
        is_total,
        {%- for column, sql_type in value_columns.items() %}
        cast(sum(case when column_key = '{{ column }}' then contribution end) as {{ sql_type }})
            as {{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from contributions
    group by cut_provincia, anio, row_group, row_label, is_total
),

final as (
    select
        table_rows.cut_provincia,
        provincias.provincia,
        table_rows.anio,
        printed_rows.row_order as orden,
        {%- if row_group_name %}
        table_rows.row_group as {{ row_group_name }},
        {%- endif %}
        table_rows.row_label as {{ row_label_name }},
        table_rows.is_total,
        {%- for column in value_columns %}
        table_rows.{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    from table_rows
    left join provincias
        on table_rows.cut_provincia = provincias.cut_provincia
    left join printed_rows
        on
            table_rows.cut_provincia = printed_rows.cut_provincia
            and table_rows.anio = printed_rows.anio
            and table_rows.row_label = printed_rows.row_label
            and coalesce(table_rows.row_group, '') = coalesce(printed_rows.row_group, '')
)

select * from final
{%- endmacro %}
