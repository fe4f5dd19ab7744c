{#- On Spark the raw layer is the Parquet lake written by ingestion/lake.py
    ($HUASCO_LAKE_DIR/raw/<table>/, partitioned by load): before each run every source is
    registered as an external table over its folder, with the loads present now as its
    partitions. Its columns are declared from the source's `data_type`s (generated from the
    contracts by ingestion/dbt_sources.py), never inferred from the files: a table with no rows
    has an empty folder, with no file to infer from. Dropped and created again each time, so a
    new column is seen too; dropping an external table leaves its files alone. DuckDB reads the
    raw schema the loader writes and needs nothing. -#}
{% macro register_lake_sources() -%}
    {{ return(adapter.dispatch('register_lake_sources', 'huasco')()) }}
{%- endmacro %}

{% macro default__register_lake_sources() -%}
{%- endmacro %}

{% macro spark__register_lake_sources() -%}
    {%- if execute -%}
        {%- set lake_dir = env_var('HUASCO_LAKE_DIR', '') | trim -%}
        {%- if not lake_dir -%}
            {{ exceptions.raise_compiler_error(
                "HUASCO_LAKE_DIR is not set: the spark target reads the raw layer from the "
                ~ "Parquet lake that ingestion/lake.py writes") }}
        {%- endif -%}
        {#- Every table's definition first: a source that cannot be declared stops the run
            before any table is dropped. -#}
        {%- set tables = [] -%}
        {%- for source in graph.sources.values() | sort(attribute='unique_id') -%}
            {%- set columns = [] -%}
            {%- for column in source.columns.values() -%}
                {%- if not column.data_type -%}
                    {{ exceptions.raise_compiler_error(
                        "source " ~ source.source_name ~ "." ~ source.name ~ ", column "
                        ~ column.name ~ ": no data_type, so its table over the lake cannot be "
                        ~ "declared (" ~ source.original_file_path ~ "; for a contract's table "
                        ~ "run python -m ingestion.dbt_sources)") }}
                {%- endif -%}
                {%- do columns.append(column.name ~ ' ' ~ column.data_type) -%}
            {%- endfor -%}
            {%- if not columns -%}
                {{ exceptions.raise_compiler_error(
                    "source " ~ source.source_name ~ "." ~ source.name ~ ": no columns in "
                    ~ source.original_file_path ~ ", so its table over the lake cannot be declared") }}
            {%- endif -%}
            {%- do tables.append({
                'schema': source.schema,
                'name': source.schema ~ '.' ~ source.identifier,
                'columns': columns,
                'partition_column': lake_partition_column(source),
                'location': lake_dir.rstrip('/') ~ '/' ~ source.schema ~ '/' ~ source.identifier,
            }) -%}
        {%- endfor -%}
        {%- set schemas = [] -%}
        {%- for table in tables -%}
            {%- if table.schema not in schemas -%}
                {%- do run_query('create schema if not exists ' ~ table.schema) -%}
                {%- do schemas.append(table.schema) -%}
            {%- endif -%}
            {%- do run_query('drop table if exists ' ~ table.name) -%}
            {%- do run_query(
                'create table ' ~ table.name ~ ' (' ~ table.columns | join(', ') ~ ') using parquet'
                ~ (' partitioned by (' ~ table.partition_column ~ ')'
                   if table.partition_column else '')
                ~ " location '" ~ table.location ~ "'"
            ) -%}
            {#- A table created over existing folders starts with no partition registered. -#}
            {%- if table.partition_column -%}
                {%- do run_query('alter table ' ~ table.name ~ ' recover partitions') -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- The folder level of a raw table in the lake, as ingestion/lake.py writes it: `_load_id` for
    every table carrying it, `load_id` for the quarantine, none (the load log). -#}
{% macro lake_partition_column(source) -%}
    {%- if '_load_id' in source.columns -%}
        {{ return('_load_id') }}
    {%- elif source.identifier == 'quarantine' and 'load_id' in source.columns -%}
        {{ return('load_id') }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}
