"""Resources: where the warehouse lives (from the environment) and the dbt CLI."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject

from ingestion import warehouse
from ingestion.settings import PROJECT_ROOT, Settings

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
if not dbt_project.manifest_path.exists():
    # `make` builds the manifest once; this only covers a bare `dagster dev` on a fresh clone.
    dbt_project.preparer.prepare(dbt_project)


class WarehouseResource(dg.ConfigurableResource):
    """Paths come from HUASCO_* environment variables, read when a run starts."""

    def settings(self) -> Settings:
        return Settings.from_env()

    @contextmanager
    def build_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(self.settings().build_database) as con:
            yield con


def dbt_resource() -> DbtCliResource:
    # The dbt next to this interpreter, not whichever is first on PATH.
    return DbtCliResource(
        project_dir=dbt_project,
        dbt_executable=str(Path(sys.executable).parent / "dbt"),
    )


def dbt_environment(settings: Settings) -> None:
    """dbt reads the build file's path from the environment (see dbt_project/profiles.yml)."""
    os.environ["HUASCO_BUILD_DATABASE"] = str(settings.build_database)
