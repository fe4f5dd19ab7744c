{#- A join key for labels typed by people: case, accents and surrounding spaces do not count.
    translate() and lower() behave the same on DuckDB and Spark. -#}
{% macro normalize_label(expression) -%}
    translate(lower(trim({{ expression }})), 'áéíóúüñ', 'aeiouun')
{%- endmacro %}
