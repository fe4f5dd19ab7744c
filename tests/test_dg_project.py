"""`dg` (Dagster's current CLI, which `make serve` runs as `dg dev`) finds the project from
[tool.dg] in pyproject.toml and loads its definitions."""

from __future__ import annotations

import json
import os
import subprocess

from tests.conftest import BIN, PROJECT_ROOT


def test_dg_loads_the_project_definitions(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    completed = subprocess.run(
        [str(BIN / "dg"), "list", "defs", "--json"],
        cwd=PROJECT_ROOT,
        # dg checks that the active virtual environment is the project's (.venv).
        env={**os.environ, "DAGSTER_HOME": str(home), "VIRTUAL_ENV": str(BIN.parent)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "does not match" not in completed.stderr  # the venv warning: dg runs the project's
    listed = json.loads(completed.stdout)
    assert "nightly_refresh" in {job["name"] for job in listed["jobs"]}
    assert "nightly_refresh_schedule" in {s["name"] for s in listed["schedules"]}
    assert "inbox_sensor" in {s["name"] for s in listed["sensors"]}
    assert "warehouse/huasco" in {a["asset_key"] for a in listed["assets"]}
