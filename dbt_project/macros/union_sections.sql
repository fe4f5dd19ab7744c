{#- Stack relations (CTE names or refs) with the same columns: one `union all` per relation. -#}
{% macro stack(relations, columns) -%}
    {%- for relation in relations %}
        {%- if not loop.first %}
    union all
        {%- endif %}
    select
        {{ columns | join(',\n        ') }}
    from {{ relation }}
    {%- endfor %}
{%- endmacro %}

{#- One model per report section, stacked: `<prefix><section>` for every section in
    var('report_sections'). Adding a section is adding it to the var. -#}
{% macro union_sections(model_prefix, columns) -%}
    {%- set relations = [] -%}
    {%- for section in var('report_sections') -%}
        {%- do relations.append(ref(model_prefix ~ section)) -%}
    {%- endfor -%}
    {{ stack(relations, columns) }}
{%- endmacro %}
