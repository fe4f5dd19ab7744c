{#- On Spark the raw layer is the Parquet lake written by ingestion/lake.py
    ($HUASCO_LAKE_DIR/raw/<table>/, partitioned by load): before each run every source is
    registered as an external table over its folder, with the loads present now as its
    partitions. Dropped and created again each time, so a new column is seen too; dropping an
    external table leaves its files alone. DuckDB reads the raw schema the loader writes and
    needs nothing. -#}
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
        {%- set schemas = [] -%}
        {%- for source in graph.sources.values() | sort(attribute='unique_id') -%}
            {%- if source.schema not in schemas -%}
                {%- do run_query('create schema if not exists ' ~ source.schema) -%}
                {%- do schemas.append(source.schema) -%}
            {%- endif -%}
            {%- set table = source.schema ~ '.' ~ source.identifier -%}
            {%- do run_query('drop table if exists ' ~ table) -%}
            {%- do run_query(
                'create table ' ~ table ~ ' using parquet location '
                ~ "'" ~ lake_dir.rstrip('/') ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ "'"
            ) -%}
            {#- A table created over existing folders starts with no partition registered. -#}
            {%- set described = run_query('describe table ' ~ table) -%}
            {%- if '# Partition Information' in described.columns[0].values() -%}
                {%- do run_query('alter table ' ~ table ~ ' recover partitions') -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
