"""dbt Labs' dbt-project-evaluator finds nothing in the dbt project beyond the exceptions
recorded with their reason (dbt_project/seeds/dbt_project_evaluator_exceptions.csv), and the
nightly build never sees the evaluator."""

from __future__ import annotations

import json

from tests.project_evaluator import DBT_PROJECT_DIR, evaluate


def test_no_finding_beyond_the_recorded_exceptions(tmp_path):
    findings = evaluate(tmp_path)
    assert not findings, "\n".join(finding.describe() for finding in findings)


def test_the_nightly_build_has_no_evaluator_node():
    """Its models, seed and tests are disabled unless `make evaluate` turns them on: the
    manifest Dagster builds its assets from holds none of them."""
    manifest = json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text("utf-8"))
    evaluator_nodes = [
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["package_name"] == "dbt_project_evaluator"
        or node["name"] == "dbt_project_evaluator_exceptions"
    ]
    assert evaluator_nodes == []
    assert any(
        unique_id.startswith("model.dbt_project_evaluator.") for unique_id in manifest["disabled"]
    )
