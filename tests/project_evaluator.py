"""dbt Labs' dbt-project-evaluator on the dbt project: `make evaluate` (or
`python -m tests.project_evaluator`), and `tests/test_project_evaluator.py`.

The evaluator's models, seed and tests are disabled unless the var
`dbt_project_evaluator_enabled` is true, so the nightly build never runs them. Here they are
built into a throw-away DuckDB file (they read only the project's graph and the exceptions
seed), and every evaluator test that does not pass is a finding, listed with the rows of the
evaluator model it checks. Findings kept on purpose go, with their reason, in
`dbt_project/seeds/dbt_project_evaluator_exceptions.csv`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.settings import PROJECT_ROOT

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EVALUATOR_SCHEMA = "project_evaluator"
ROWS_SHOWN = 60


@dataclass(frozen=True)
class Finding:
    test: str
    model: str  # the evaluator model the test checks (fct_...)
    failures: int
    rows: list[dict]

    def describe(self) -> str:
        lines = [f"{self.test} ({self.model}): {self.failures}"]
        lines += [f"  {json.dumps(row, ensure_ascii=False, default=str)}" for row in self.rows]
        if self.failures > len(self.rows) and self.rows:
            lines.append(f"  ... ({self.failures - len(self.rows)} más)")
        return "\n".join(lines)


def evaluate(work_dir: Path) -> list[Finding]:
    """Build the evaluator in work_dir and return every finding not excepted."""
    database = work_dir / "evaluator.duckdb"
    target = work_dir / "target"
    env = {
        **os.environ,
        "HUASCO_BUILD_DATABASE": str(database),
        "DBT_LOG_PATH": str(work_dir / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--select",
        "package:dbt_project_evaluator",
        "dbt_project_evaluator_exceptions",
        "--vars",
        "{dbt_project_evaluator_enabled: true}",
        "--target-path",
        str(target),
        "--profiles-dir",
        ".",
        "--project-dir",
        ".",
    ]
    run = subprocess.run(
        command, cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    if run.returncode != 0:  # an error, not a finding (findings are warnings)
        raise RuntimeError(f"dbt-project-evaluator failed:\n{run.stdout[-4000:]}{run.stderr}")
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    findings = []
    with duckdb.connect(str(database), read_only=True) as con:
        for result in results["results"]:
            node = manifest["nodes"][result["unique_id"]]
            if node["resource_type"] != "test" or result["status"] == "pass":
                continue
            model = manifest["nodes"][node["depends_on"]["nodes"][0]]["name"]
            cursor = con.execute(f"select * from {EVALUATOR_SCHEMA}.{model} limit {ROWS_SHOWN}")
            names = [column[0] for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            findings.append(Finding(node["name"], model, result["failures"] or 0, rows))
    return findings


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="huasco-evaluator-") as work_dir:
        findings = evaluate(Path(work_dir))
    for finding in findings:
        print(finding.describe())
    if findings:
        print(
            f"{len(findings)} reglas de dbt-project-evaluator con hallazgos: corríjalos o "
            "regístrelos con su razón en dbt_project/seeds/dbt_project_evaluator_exceptions.csv",
            file=sys.stderr,
        )
        return 1
    print("dbt-project-evaluator: sin hallazgos fuera de las excepciones registradas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
