"""The example questions in dbt_project/analyses compile and run against the published warehouse."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import ANALYSES

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("analysis", ANALYSES, ids=[a.stem for a in ANALYSES])
def test_example_question_answers(analysis, compiled, refreshed):
    sql = (compiled / analysis.name).read_text(encoding="utf-8")
    with duckdb.connect(str(refreshed["published"]), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    assert rows, f"{analysis.name} returned no rows"
    assert all(value is not None for row in rows for value in row)
