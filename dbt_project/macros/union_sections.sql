{#- One section model per report section, stacked: `<prefix><section>` for every section in
    var('report_sections'), with the same columns. Adding a section is adding it to the var. -#}
{% macro union_sections(model_prefix, columns) -%}
    {%- for section in var('report_sections') %}
        {%- if not loop.first %}
    union all
        {%- endif %}
    select
        {{ columns | join(',\n        ') }}
    from {{ ref(model_prefix ~ section) }}
    {%- endfor %}
{%- endmacro %}
