"""Resources: where the warehouse lives (from the environment) and the dbt CLI."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from ingestion import warehouse
from ingestion.settings import PROJECT_ROOT, Settings
from orchestration.defs.jobs import nightly_refresh

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
if not dbt_project.manifest_path.exists():
    # `make` builds the manifest once; this only covers a bare `dagster dev` on a fresh clone.
    dbt_project.preparer.prepare(dbt_project)

ABANDONED_RUN_STATUSES = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]


class WarehouseResource(dg.ConfigurableResource):
    """Paths come from HUASCO_* environment variables, read when a run starts.

    For the whole of a run it holds the refresh lock: a second refresh fails at once with
    "ya hay un refresco en curso" instead of meeting DuckDB's file lock minutes later."""

    def settings(self) -> Settings:
        return Settings.from_env()

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        run = context.dagster_run
        if run is None:  # built outside a run (a test, a sensor): nothing to guard
            yield self
            return
        settings = self.settings()
        warehouse.private_dir(settings.build_database.parent)
        with warehouse.refresh_lock(settings.refresh_lock, run.run_id):
            _fail_abandoned_runs(context)
            for path in warehouse.remove_stale_files(
                settings.published_database, settings.pending_reports_root, run.run_id
            ):
                context.log.info(f"removed what an interrupted refresh left: {path}")
            yield self

    @contextmanager
    def build_connection(
        self, memory_limit: str = warehouse.MEMORY_LIMIT
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(self.settings().build_database, memory_limit=memory_limit) as con:
            yield con


def _fail_abandoned_runs(context: dg.InitResourceContext) -> None:
    """A killed refresh stays STARTED in the instance forever; with the lock in hand, no other
    refresh of this warehouse is alive, so any still marked running was interrupted."""
    instance = context.instance
    if instance is None:
        return
    abandoned = instance.get_runs(
        filters=dg.RunsFilter(job_name=nightly_refresh.name, statuses=ABANDONED_RUN_STATUSES)
    )
    for run in abandoned:
        if run.run_id == context.run_id:
            continue
        instance.report_run_failed(
            run,
            message=(
                "refresco interrumpido (proceso terminado sin cerrar la corrida); "
                f"marcado como fallido al iniciar la corrida {context.run_id}"
            ),
        )
        context.log.warning(f"run {run.run_id} was interrupted: marked failed")


class HuascoDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt CLI without the two things it does before each invocation that this
    project never uses, measured at 3-6 s of every dbt step on 2 busy cores:

    - it runs `dbt --version` in a new process (a whole dbt start-up) to learn the version;
      the dbt it runs is this environment's, so the installed dbt-core says the same;
    - it loads the project, the profile and dbt's macros in this process to hold an adapter,
      used only by `fetch_row_counts` / `fetch_column_metadata`, which this project does not
      call (the reconciliation and the tests read the warehouse themselves)."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def dbt_resource() -> DbtCliResource:
    # The dbt next to this interpreter, not whichever is first on PATH.
    return HuascoDbtCliResource(
        project_dir=dbt_project,
        dbt_executable=str(Path(sys.executable).parent / "dbt"),
    )


def dbt_environment(settings: Settings) -> None:
    """dbt reads the build file's path from the environment (see dbt_project/profiles.yml)."""
    os.environ["HUASCO_BUILD_DATABASE"] = str(settings.build_database)
    # The spark target reads the raw layer from the lake and keeps its files in the Spark folder.
    os.environ["HUASCO_LAKE_DIR"] = str(settings.lake_dir)
    os.environ["HUASCO_SPARK_DIR"] = str(settings.spark_dir)
    # dbt's debug log file (tens of MB) lands in the invocation's folder, removed after the
    # step; Dagster keeps dbt's structured events, so writing the file is only time lost.
    os.environ["DBT_LOG_LEVEL_FILE"] = "none"
