{#- row_rules on a model with a primary key: its columns are never empty and never repeat
    together, checked in the same single query as every other rule. A separate test because
    dbt-project-evaluator recognises primary-key tests by their macro
    (var primary_key_test_macros in dbt_project.yml), and row_rules alone does not say there
    is a key. -#}
{% test keyed_row_rules(
    model,
    primary_key,
    not_null=[],
    not_null_where={},
    accepted_values={},
    within_range={},
    dates_within_window=[],
    relationships={},
    unique=[],
    unique_combinations=[]
) %}
    {{ test_row_rules(
        model,
        not_null=primary_key + not_null | reject('in', primary_key) | list,
        not_null_where=not_null_where,
        accepted_values=accepted_values,
        within_range=within_range,
        dates_within_window=dates_within_window,
        relationships=relationships,
        unique=unique,
        unique_combinations=[primary_key] + unique_combinations
    ) }}
{% endtest %}
