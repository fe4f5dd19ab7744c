{#- Dates outside the window the warehouse reports on (vars earliest_valid_date and
    latest_valid_date): a year typed wrong (2200, 1920) stops the refresh. -#}
{% test date_within_window(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} < cast('{{ var("earliest_valid_date") }}' as date)
        or {{ column_name }} > cast('{{ var("latest_valid_date") }}' as date)
{% endtest %}
