{#- Every rule a model's rows must follow, checked in one query: one test per model instead
    of one per rule, because each dbt node costs far more than the query it runs. Returns the
    rows that break any rule, naming the rules each breaks (`reglas_incumplidas`), with all
    their columns, so that the stored failures say which source file and line they came from.

    Rules, all optional (nulls pass every rule but not_null, as in dbt's own tests):
      not_null: [column, ...]
      not_null_where: {column: condition}       required only on rows meeting the condition
      accepted_values: {column: [value, ...]}
      within_range: {column: {min_value: x, max_value: y}}   either bound optional
      dates_within_window: [column, ...]        dates before var earliest_valid_date or more
                                                than var future_days_tolerated days after the
                                                day of the refresh are typing errors (a year
                                                typed 2200 or 1920), not history
      relationships: {column: {to: ref(...), field: column}}
      unique: [column, ...]                     each column on its own
      unique_combinations: [[column, ...], ...] nulls count as a value, as in `group by`
-#}
{% test row_rules(
    model,
    not_null=[],
    not_null_where={},
    accepted_values={},
    within_range={},
    dates_within_window=[],
    relationships={},
    unique=[],
    unique_combinations=[]
) %}
    {%- set broken = [] -%}
    {%- for column in not_null -%}
        {%- do broken.append(('model_rows.' ~ column ~ ' is null', column ~ ' sin valor')) -%}
    {%- endfor -%}
    {%- for column, condition in not_null_where.items() -%}
        {%- do broken.append(
            ('model_rows.' ~ column ~ ' is null and (' ~ condition ~ ')',
             column ~ ' sin valor cuando ' ~ condition)
        ) -%}
    {%- endfor -%}
    {%- for column, values in accepted_values.items() -%}
        {%- set literals = [] -%}
        {%- for value in values -%}
            {%- if value is boolean -%}
                {%- do literals.append('true' if value else 'false') -%}
            {%- elif value is number -%}
                {%- do literals.append(value | string) -%}
            {%- else -%}
                {%- do literals.append("'" ~ value | replace("'", "''") ~ "'") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do broken.append(
            ('model_rows.' ~ column ~ ' not in (' ~ literals | join(', ') ~ ')',
             column ~ ' no es ' ~ values | join(', '))
        ) -%}
    {%- endfor -%}
    {%- for column, bounds in within_range.items() -%}
        {%- if bounds.get('min_value') is not none -%}
            {%- do broken.append(
                ('model_rows.' ~ column ~ ' < ' ~ bounds.min_value, column ~ ' menor que ' ~ bounds.min_value)
            ) -%}
        {%- endif -%}
        {%- if bounds.get('max_value') is not none -%}
            {%- do broken.append(
                ('model_rows.' ~ column ~ ' > ' ~ bounds.max_value, column ~ ' mayor que ' ~ bounds.max_value)
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for column in dates_within_window -%}
        {%- do broken.append(
            ('(model_rows.' ~ column ~ " < cast('" ~ var('earliest_valid_date') ~ "' as date)"
             ~ ' or model_rows.' ~ column
             ~ ' > ' ~ dbt.dateadd('day', var('future_days_tolerated'), 'current_date') ~ ')',
             column ~ ' fuera de las fechas posibles')
        ) -%}
    {%- endfor -%}
    {%- for column, parent in relationships.items() -%}
        {%- do broken.append(
            ('model_rows.' ~ column ~ ' is not null and parent_' ~ loop.index
             ~ '.parent_value is null',
             column ~ ' no está en ' ~ parent.to.identifier ~ '.' ~ parent.field)
        ) -%}
    {%- endfor -%}
    {%- for column in unique -%}
        {%- do broken.append(
            ('repeated_' ~ loop.index ~ '.repeated_value is not null', column ~ ' repetido')
        ) -%}
    {%- endfor -%}
    {%- for columns in unique_combinations -%}
        {%- do broken.append(
            ('repeated_combination_' ~ loop.index ~ '.is_repeated',
             '(' ~ columns | join(', ') ~ ') repetida')
        ) -%}
    {%- endfor %}

    with
    {%- for column in unique %}
        repeated_{{ loop.index }} as (
            select {{ column }} as repeated_value
            from {{ model }}
            where {{ column }} is not null
            group by {{ column }}
            having count(*) > 1
        ),
    {%- endfor %}
    {%- for columns in unique_combinations %}
        repeated_combination_{{ loop.index }} as (
            select
                {%- for column in columns %}
                    {{ column }} as key_{{ loop.index }},
                {%- endfor %}
                true as is_repeated
            from {{ model }}
            group by {{ columns | join(', ') }}
            having count(*) > 1
        ),
    {%- endfor %}
    {%- for column, parent in relationships.items() %}
        parent_{{ loop.index }} as (
            select distinct {{ parent.field }} as parent_value
            from {{ parent.to }}
            where {{ parent.field }} is not null
        ),
    {%- endfor %}

    checked as (
        select
            concat_ws(
                '; ',
                {%- for condition, label in broken %}
                    case
                        when {{ condition }}
                            then '{{ label | replace("'", "''") }}'
                    end
                    {%- if not loop.last %},{% endif %}
                {%- endfor %}
            ) as reglas_incumplidas,
            model_rows.*
        from {{ model }} as model_rows
        {%- for column in unique %}
            left join repeated_{{ loop.index }}
                on model_rows.{{ column }} = repeated_{{ loop.index }}.repeated_value
        {%- endfor %}
        {%- for columns in unique_combinations %}
            {%- set outer = loop %}
            left join repeated_combination_{{ outer.index }}
                on
                {%- for column in columns %}
                    model_rows.{{ column }}
                    is not distinct from repeated_combination_{{ outer.index }}.key_{{ loop.index }}
                    {%- if not loop.last %} and{% endif %}
                {%- endfor %}
        {%- endfor %}
        {%- for column, parent in relationships.items() %}
            left join parent_{{ loop.index }}
                on model_rows.{{ column }} = parent_{{ loop.index }}.parent_value
        {%- endfor %}
    )

    select * from checked
    where reglas_incumplidas <> ''
{% endtest %}
