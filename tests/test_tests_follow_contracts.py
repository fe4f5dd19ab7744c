"""Every dbt test on a staging column that can stop the refresh is a rule of its contract.

A staging column comes from one column of a raw table (renamed, trimmed or normalised); the
contract of that raw table (ingestion/sources/) says whether the column is required and which
values it accepts. A not-null test on a column the contract lets be empty, or an
accepted-values test narrower than what the contract accepts, would stop a nightly refresh
on a file that follows its contract.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from ingestion.contracts import Kind
from ingestion.sources import CONTRACTS
from orchestration.defs.resources import dbt_project

MANIFEST = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
RAW_COLUMNS = {
    contract.raw_table: {
        column.loaded_name: column for column in contract.columns if column.loaded_name
    }
    for contract in CONTRACTS.values()
}
SELECT_ITEM = re.compile(r"^\s*(?P<expression>.+?)(?:\s+as\s+(?P<alias>\w+))?,?\s*$")


def staging_models() -> list[dict]:
    """Staging models that read one raw table of a contract."""
    models = []
    for node in MANIFEST["nodes"].values():
        if node["resource_type"] != "model" or not node["name"].startswith("stg_"):
            continue
        sources = [MANIFEST["sources"][uid] for uid in node["depends_on"]["nodes"]]
        tables = [s["identifier"] for s in sources if s["identifier"] in RAW_COLUMNS]
        if len(tables) == 1:
            models.append({**node, "raw_table": tables[0]})
    return models


def column_origins(model: dict) -> dict[str, tuple[str, bool, bool]]:
    """staging column -> (raw column it is computed from, whether it is that column's value
    as loaded: a bare name or a plain rename, whether a default fills its empty values)."""
    raw = RAW_COLUMNS[model["raw_table"]]
    origins = {}
    for line in model["raw_code"].splitlines():
        item = SELECT_ITEM.match(line)
        if item is None or line.strip().startswith(("select", "from", "with", ")", "--")):
            continue
        expression = item["expression"].strip()
        alias = item["alias"] or expression
        referenced = {word for word in re.findall(r"\w+", expression) if word in raw}
        if len(referenced) == 1:
            [name] = referenced
            origins[alias] = (name, expression == name, expression.startswith("coalesce("))
    return origins


# Parsed once: the parametrisation and the tests read them.
ORIGINS = {model["unique_id"]: column_origins(model) for model in staging_models()}


def normalised(value) -> str:
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def staging_rules(kind: str) -> list[tuple[dict, dict, str, object]]:
    """(row_rules test, staging model, column, the rule's argument) for each rule of `kind`
    (a row_rules argument: not_null, accepted_values...) on a staging model."""
    models = {model["unique_id"]: model for model in staging_models()}
    return [
        (test, models[test["attached_node"]], column, argument)
        for test in row_rules_tests()
        if test["attached_node"] in models
        for column, argument in rules_of(test, kind)
    ]


def row_rules_tests() -> list[dict]:
    """row_rules tests, and keyed_row_rules (row_rules on a model with a primary key)."""
    return [
        node
        for node in MANIFEST["nodes"].values()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") in ("row_rules", "keyed_row_rules")
    ]


def rules_of(test: dict, kind: str) -> list[tuple[str, object]]:
    """(column, argument) of each rule of `kind` in a row_rules test: list-shaped rules
    (not_null: [a, b]) have no argument, mapping-shaped ones (accepted_values: {a: [...]})
    have the column's."""
    kwargs = test["test_metadata"]["kwargs"]
    rules = kwargs.get(kind) or []
    if kind == "not_null":  # a primary key's columns are never empty either
        rules = [*(kwargs.get("primary_key") or []), *rules]
    if isinstance(rules, dict):
        return list(rules.items())
    return [(column, None) for column in rules]


def test_staging_models_of_every_contract_are_checked():
    assert {model["raw_table"] for model in staging_models()} == set(RAW_COLUMNS)


def test_every_row_rule_kind_is_known():
    """A rule kind these tests do not read would escape the contract checks below."""
    known = {
        "not_null",
        "not_null_where",
        "accepted_values",
        "within_range",
        "dates_within_window",
        "relationships",
        "unique",
        "unique_combinations",
        "primary_key",
        "model",
    }
    for test in row_rules_tests():
        assert set(test["test_metadata"]["kwargs"]) <= known, test["name"]


@pytest.mark.parametrize(
    ("test", "model", "column"),
    [
        pytest.param(test, model, column, id=f"{test['name']}.{column}")
        for test, model, column, _ in staging_rules("not_null")
    ],
)
def test_not_null_only_where_the_contract_requires_a_value(test, model, column):
    """Rules under not_null_where hold only where a condition the contract states is met."""
    origins = ORIGINS[model["unique_id"]]
    raw = RAW_COLUMNS[model["raw_table"]]
    if column in origins:
        raw_name, _, has_default = origins[column]
        assert raw[raw_name].required or has_default, (
            f"{model['name']}.{column}: the contract lets it be empty"
        )


@pytest.mark.parametrize(
    ("test", "model", "column", "values"),
    [
        pytest.param(test, model, column, values, id=f"{test['name']}.{column}")
        for test, model, column, values in staging_rules("accepted_values")
        if column in ORIGINS[model["unique_id"]]
    ],
)
def test_accepted_values_are_what_the_contract_accepts(test, model, column, values):
    raw_name, as_loaded, _ = ORIGINS[model["unique_id"]][column]
    contract_column = RAW_COLUMNS[model["raw_table"]][raw_name]
    assert contract_column.allowed, (
        f"{model['name']}.{column}: the contract of {contract_column.header} "
        "accepts any value, so no value of it may stop the refresh"
    )
    tested = {normalised(value) for value in values}
    accepted = {normalised(value) for value in contract_column.allowed}
    if as_loaded or tested <= accepted | {v[:1] for v in accepted}:
        assert accepted <= tested or {v[:1] for v in accepted} <= tested


SIGNED_COLUMNS = {
    column.loaded_name: f"{contract.source}.{column.header}"
    for contract in CONTRACTS.values()
    for column in contract.columns
    if column.kind in (Kind.MONEY, Kind.DECIMAL) and not column.non_negative
}


@pytest.mark.parametrize(
    ("test", "column"),
    [
        pytest.param(test, column, id=f"{test['name']}.{column}")
        for test in row_rules_tests()
        for column, bounds in rules_of(test, "within_range")
        if bounds.get("min_value") is not None
    ],
)
def test_no_lower_bound_on_an_amount_the_contract_lets_be_negative(test, column):
    """A column keeps its name from raw to mart; if a contract admits negative values in it,
    no model may refuse them (they are classified out, as ORASMI reversals are)."""
    assert column not in SIGNED_COLUMNS, (
        f"{test['name']}.{column}: {SIGNED_COLUMNS[column]} may be negative"
    )
