"""The Dagster definitions load the way `dagster dev -w workspace.yaml` loads them."""

from __future__ import annotations

import os
import subprocess

from tests.conftest import BIN, PROJECT_ROOT


def test_definitions_hold_the_job_the_schedule_and_the_checks():
    from orchestration.definitions import defs

    job = defs.resolve_job_def("nightly_refresh")
    schedule = defs.resolve_schedule_def("nightly_refresh_schedule")
    assert schedule.job_name == job.name
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "America/Santiago"
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {
        "landing/alimentos_entregas",
        "raw/alimentos_entregas",
        "marts/alimentos_entregas_por_comuna",
        "audit/published_figures",
        "warehouse/huasco",
    } <= keys
    check_keys = {key.name for key in graph.asset_check_keys}
    assert "conciliacion_cifras_publicadas" in check_keys


def test_workspace_loads_with_the_dagster_cli(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    completed = subprocess.run(
        [str(BIN / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
