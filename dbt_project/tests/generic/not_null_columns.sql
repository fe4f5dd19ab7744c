{#- Rows where any of `columns` is null, naming which: one test per model instead of one
    per column (every dbt node costs far more than the query it runs). -#}
{% test not_null_columns(model, columns) %}
    select
        concat_ws(
            ', ',
            {%- for column in columns %}
                case when {{ column }} is null then '{{ column }}' end
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        ) as columnas_nulas,
        *
    from {{ model }}
    where
        {%- for column in columns %}
            {{ column }} is null{% if not loop.last %} or{% endif %}
        {%- endfor %}
{% endtest %}
