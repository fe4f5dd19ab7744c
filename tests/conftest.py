"""Shared fixtures: an isolated instance per refresh, one refreshed warehouse per session."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingestion.demo import alimentos_entregas
from ingestion.demo.__main__ import generate_all
from ingestion.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent
FOOD_FILE = Path(alimentos_entregas.DEMO_FILES[0])


def instance_env(root: Path) -> dict[str, str]:
    """Environment variables that move every file the pipeline touches under `root`."""
    dagster_home = root / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return {
        "HUASCO_WAREHOUSE_DIR": str(root / "warehouse"),
        "HUASCO_LANDING_DIR": str(root / "landing"),
        "HUASCO_REPORTS_DIR": str(root / "reports"),
        "HUASCO_GX_STATE_DIR": str(root / "gx"),
        "HUASCO_DEMO_DIR": str(root / "demo"),
        "DAGSTER_HOME": str(dagster_home),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
    }


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """The default demo extracts, generated once per session."""
    directory = tmp_path_factory.mktemp("demo")
    generate_all(directory, scale=1)
    return directory


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory, demo_dir) -> dict[str, Path]:
    """Runs the nightly refresh once, the way `make refresh` does, into a temporary directory."""
    root = tmp_path_factory.mktemp("refresh")
    env = {**os.environ, **instance_env(root), "HUASCO_DEMO_DIR": str(demo_dir)}
    completed = subprocess.run(
        [
            str(BIN / "dagster"),
            "job",
            "execute",
            "-m",
            "orchestration.definitions",
            "-j",
            "nightly_refresh",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-5000:]
    return {
        "root": root,
        "published": root / "warehouse" / "huasco.duckdb",
        "reports": root / "reports",
        "landing": root / "landing",
        "demo": demo_dir,
    }


@pytest.fixture
def published(refreshed):
    con = duckdb.connect(str(refreshed["published"]), read_only=True)
    yield con
    con.close()


def published_table(table_id: str) -> list[dict[str, str]]:
    """The printed cells of one report table, from the published-figures seed."""
    path = PROJECT_ROOT / "dbt_project" / "seeds" / "published_figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["table_id"] == table_id]
