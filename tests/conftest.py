"""Shared fixtures: an isolated instance per refresh, one refreshed warehouse per session."""

from __future__ import annotations

import csv
import datetime
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from dagster import DagsterInstance
from python_calamine import CalamineWorkbook

from ingestion.demo import alimentos_entregas
from ingestion.demo import common as demo_common
from ingestion.demo.__main__ import generate_all
from ingestion.demo.common import DEMO_YEARS
from ingestion.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent
# The year of the one edition in the seeds, whose figures the demo extracts reproduce.
[EDITION_YEAR] = {int(row["anio"]) for row in demo_common.read_seed("report_editions")}
FOOD_FILE = Path(alimentos_entregas.demo_file(EDITION_YEAR))  # that edition's food log


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
        "HUASCO_LAKE_DIR": str(root / "warehouse" / "lake"),
        "HUASCO_DEMO_DIR": str(root / "demo"),
        "DAGSTER_HOME": str(dagster_home),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
    }


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """The default demo extracts (every source, 2019 to 2021), generated once per session."""
    directory = tmp_path_factory.mktemp("demo")
    generate_all(directory, scale=1, years=DEMO_YEARS)
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


def run_dbt(args: list[str], database: Path, work: Path) -> subprocess.CompletedProcess:
    """The project's dbt on `database` (a copy, never a warehouse in use), its target and logs
    in `work`; the caller asserts on the outcome."""
    return subprocess.run(
        [str(BIN / "dbt"), *args, "--profiles-dir", ".", "--project-dir", ".",
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=PROJECT_ROOT / "dbt_project",
        env={**os.environ, "HUASCO_BUILD_DATABASE": str(database), "DO_NOT_TRACK": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip


ANALYSES = sorted((PROJECT_ROOT / "dbt_project" / "analyses").glob("*.sql"))


@pytest.fixture(scope="session")
def compiled(refreshed, tmp_path_factory):
    """dbt compiles the example analyses (dbt_project/analyses) against a copy of the published
    warehouse (never the original); their SQL runs as is in any client."""
    work = tmp_path_factory.mktemp("analyses")
    copy = work / "huasco.duckdb"
    shutil.copyfile(refreshed["published"], copy)
    completed = run_dbt(["compile", "--select", "resource_type:analysis", "--quiet"], copy, work)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return work / "target" / "compiled" / "huasco" / "analyses"


@pytest.fixture
def published(refreshed):
    con = duckdb.connect(str(refreshed["published"]), read_only=True)
    yield con
    con.close()


SEEDS_DIR = PROJECT_ROOT / "dbt_project" / "seeds"


def read_seed(name: str, seeds_dir: Path = SEEDS_DIR) -> list[dict[str, str]]:
    with (seeds_dir / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def editions() -> list[dict[str, str]]:
    """Every edition of the report the seeds define (expected figures are read from them)."""
    return read_seed("report_editions")


def published_table(table_id: str, edition_id: str) -> list[dict[str, str]]:
    """The printed cells of one report table of one edition, from the published-figures seed."""
    return [
        row
        for row in read_seed("published_figures")
        if row["table_id"] == table_id and row["edition_id"] == edition_id
    ]


def published_values(edition_id: str) -> dict[str, float]:
    """figure_id -> printed value, for one edition."""
    return {
        row["figure_id"]: float(row["value"])
        for row in read_seed("published_figures")
        if row["edition_id"] == edition_id
    }


def run_refresh(
    monkeypatch, root: Path, demo_dir: Path, extract: Path | list[Path], **sources: Path
):
    """The nightly job, in process, on an isolated instance over the demo extracts, with the
    food log read from `extract` (one location, or several) and any other source from
    `sources` (name=path)."""
    use_instance(monkeypatch, root, demo_dir)
    overrides = {
        name: paths if isinstance(paths, list) else [paths]
        for name, paths in {"alimentos_entregas": extract, **sources}.items()
    }
    for name, paths in overrides.items():
        monkeypatch.setenv(f"HUASCO_SOURCE_{name.upper()}", ";".join(str(p) for p in paths))
    # Overridden extracts count as real: allow their folders and the public demo RUT key.
    folders = {str(Path(path).parent) for paths in overrides.values() for path in paths}
    monkeypatch.setenv("HUASCO_LOCAL_ROOTS", os.pathsep.join(sorted(folders)))
    monkeypatch.setenv("HUASCO_ALLOW_DEMO_RUT_KEY", "1")
    from orchestration.definitions import defs  # after the environment is set

    return execute(defs.resolve_job_def("nightly_refresh"))


def use_instance(monkeypatch, root: Path, demo_dir: Path) -> None:
    """Point every file of the pipeline under `root`, over the demo extracts in `demo_dir`."""
    for name, value in instance_env(root).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUASCO_DEMO_DIR", str(demo_dir))


def execute(job):
    """Run a job (or a subset of it) in process, on an ephemeral Dagster instance."""
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        return next(reader), list(reader)


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def failure_messages(result) -> str:
    """Every message in the chain of causes of the run's step failures."""
    messages = []
    for event in result.get_step_failure_events():
        error = event.event_specific_data.error
        while error is not None:
            messages.append(error.message)
            error = error.cause
    return "\n".join(messages)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def published_instance(refreshed, tmp_path) -> Path:
    """A copy of the session's refreshed instance (a good published warehouse) to hit."""
    root = tmp_path / "instance"
    shutil.copytree(refreshed["root"], root)
    return root


def rewrite_xlsx(source: Path, target: Path, sheet: str, change) -> Path:
    """Copy one sheet of a workbook cell by cell, letting `change(rows)` edit the rows first
    (the header is rows[0]); dates stay real Excel dates."""
    rows = [
        list(row)
        for row in CalamineWorkbook.from_path(str(source)).get_sheet_by_name(sheet).to_python()
    ]
    change(rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(target))
    worksheet = workbook.add_worksheet(sheet)
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                moment = (
                    datetime.datetime.combine(value, datetime.time())
                    if not isinstance(value, datetime.datetime)
                    else value
                )
                worksheet.write_datetime(r, c, moment, date_format)
            elif value != "":
                worksheet.write(r, c, value)
    workbook.close()
    return target
