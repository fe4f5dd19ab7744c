"""The example questions in dbt_project/analyses compile and run against the published warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess

import duckdb
import pytest

from tests.conftest import BIN, PROJECT_ROOT

pytestmark = pytest.mark.e2e

ANALYSES = sorted((PROJECT_ROOT / "dbt_project" / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled(refreshed, tmp_path_factory):
    """dbt compiles the analyses against a copy of the published warehouse (never the original)."""
    work = tmp_path_factory.mktemp("analyses")
    copy = work / "huasco.duckdb"
    shutil.copyfile(refreshed["published"], copy)
    completed = subprocess.run(
        [str(BIN / "dbt"), "compile", "--select", "resource_type:analysis", "--quiet",
         "--profiles-dir", ".", "--project-dir", ".", "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        cwd=PROJECT_ROOT / "dbt_project",
        env={**os.environ, "HUASCO_BUILD_DATABASE": str(copy)},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return work / "target" / "compiled" / "huasco" / "analyses"


@pytest.mark.parametrize("analysis", ANALYSES, ids=[a.stem for a in ANALYSES])
def test_example_question_answers(analysis, compiled, refreshed):
    sql = (compiled / analysis.name).read_text(encoding="utf-8")
    with duckdb.connect(str(refreshed["published"]), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    assert rows, f"{analysis.name} returned no rows"
    assert all(value is not None for row in rows for value in row)
