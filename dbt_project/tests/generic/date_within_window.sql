{#- Dates outside the window the warehouse can hold: before var earliest_valid_date, or
    later than var future_days_tolerated days after the day of the refresh. A year typed
    wrong (2200, 1920) stops the refresh; a record dated today never does. -#}
{% test date_within_window(model, column_name) %}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} < cast('{{ var("earliest_valid_date") }}' as date)
        or {{ column_name }}
        > {{ dbt.dateadd('day', var('future_days_tolerated'), 'current_date') }}
{% endtest %}
