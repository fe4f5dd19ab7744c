"""Shared fixtures: an isolated instance per refresh, one refreshed warehouse per test run."""

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
from filelock import FileLock
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


# The longest tests (`pytest --durations`), started first so that the workers share them out
# instead of one finishing them alone at the end; the Makefile hands tests out two at a time
# (--maxschedchunk 2), so that each worker starts on two of these. The session refresh is
# built by whichever needs it first.
LONGEST_FIRST = (
    "tests/test_spark_equality.py::test_every_mart_is_the_same_on_spark_and_duckdb",
    "tests/test_editions.py::test_a_new_edition_is_only_data",
    "tests/test_incremental.py::test_no_change_then_one_source_changed_equals_a_full_rebuild",
    "tests/test_mutations.py::test_each_mutation_fails_exactly_its_figures",
    "tests/test_refresh_failures.py::test_a_failing_data_test_blocks_the_publish",
    "tests/test_refresh_end_to_end.py::test_no_rut_or_name_reaches_the_published_warehouse",
    "tests/test_freshness_checks.py::test_dbt_source_freshness_agrees_with_the_load_log",
    "tests/test_portable_sql.py::test_the_project_parses_as_spark_sql_and_a_duckdb_form_does_not",
    "tests/test_project_evaluator.py::test_no_finding_beyond_the_recorded_exceptions",
    "tests/test_definitions.py::test_workspace_loads_with_the_dagster_cli",
    "tests/test_dg_project.py::test_dg_loads_the_project_definitions",
)


def pytest_collection_modifyitems(items):
    rank = {node_id: index for index, node_id in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))  # stable: the rest in order


def instance_env(root: Path) -> dict[str, str]:
    """Environment variables that move every file the pipeline touches under `root`."""
    dagster_home = root / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return {
        "HUASCO_WAREHOUSE_DIR": str(root / "warehouse"),
        "HUASCO_LANDING_DIR": str(root / "landing"),
        "HUASCO_REPORTS_DIR": str(root / "reports"),
        "HUASCO_LAKE_DIR": str(root / "warehouse" / "lake"),
        "HUASCO_DEMO_DIR": str(root / "demo"),
        "DAGSTER_HOME": str(dagster_home),
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "false",
    }


def built_once(tmp_path_factory, name: str, build) -> Path:
    """A directory `build(directory)` fills once per test run: the first xdist worker to ask
    builds it under a file lock, the others wait and share it (they only read it)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above every worker's own
    directory = base / f"shared-{name}"
    with FileLock(base / f"shared-{name}.lock"):
        done = base / f"shared-{name}.done"
        if not done.exists():
            shutil.rmtree(directory, ignore_errors=True)
            directory.mkdir()
            build(directory)
            done.touch()
    return directory


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    """The default demo extracts (every source, 2019 to 2021), generated once per run."""

    def generate(directory: Path) -> None:
        generate_all(directory, scale=1, years=DEMO_YEARS)

    return built_once(tmp_path_factory, "demo", generate)


@pytest.fixture(scope="session")
def refreshed(tmp_path_factory, demo_dir) -> dict[str, Path]:
    """Runs the nightly refresh once per test run, the way `make refresh` does, into a
    temporary directory shared by the workers (a test that changes it works on a copy:
    `published_instance`)."""

    def refresh(root: Path) -> None:
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

    root = built_once(tmp_path_factory, "refresh", refresh)
    return {
        "root": root,
        "published": root / "warehouse" / "huasco.duckdb",
        "reports": root / "reports",
        "landing": root / "landing",
        "demo": demo_dir,
    }


def run_dbt(
    args: list[str],
    database: Path,
    work: Path,
    env: dict[str, str] | None = None,
    project_dir: Path = PROJECT_ROOT / "dbt_project",
) -> subprocess.CompletedProcess:
    """The project's dbt (or the one in `project_dir`) on `database` (a copy, never a warehouse
    in use), its target and logs in `work`, with `env` added to the environment; the caller
    asserts on the outcome."""
    return subprocess.run(
        [str(BIN / "dbt"), *args, "--profiles-dir", ".", "--project-dir", ".",
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=project_dir,
        env={**os.environ, "HUASCO_BUILD_DATABASE": str(database), "DO_NOT_TRACK": "1",
             **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip


ANALYSES = sorted((PROJECT_ROOT / "dbt_project" / "analyses").glob("*.sql"))


@pytest.fixture(scope="session")
def compiled(refreshed, tmp_path_factory):
    """dbt compiles the example analyses (dbt_project/analyses) against a copy of the published
    warehouse (never the original), once per test run; their SQL runs as is in any client."""

    def compile_analyses(work: Path) -> None:
        copy = work / "huasco.duckdb"
        shutil.copyfile(refreshed["published"], copy)
        completed = run_dbt(
            ["compile", "--select", "resource_type:analysis", "--quiet"], copy, work
        )
        assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]

    work = built_once(tmp_path_factory, "analyses", compile_analyses)
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
