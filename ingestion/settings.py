"""Where things live. Every path can be moved with an environment variable."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The demo key is public on purpose: it only ever pseudonymises generated RUTs.
DEMO_RUT_KEY = "clave-demo-publica-no-usar-con-datos-reales"
# Publishing real extracts pseudonymised with the demo key needs this set to 1 (tests, trials).
ALLOW_DEMO_RUT_KEY_VARIABLE = "HUASCO_ALLOW_DEMO_RUT_KEY"

# A download that has not finished after this many seconds is abandoned (a slow or hostile
# server must not hold the nightly refresh); HUASCO_DOWNLOAD_DEADLINE_S moves it.
DEFAULT_DOWNLOAD_DEADLINE_S = 600.0
# Landed extracts hold personal data: older landings are purged (`make purge-landing`).
DEFAULT_LANDING_RETENTION_DAYS = 90
# A file in the inbox is taken once unchanged for this long (an office may still be copying it).
DEFAULT_INBOX_SETTLE_S = 60.0
# What builds the dbt project: DuckDB in the build file, or Spark reading the lake (the marts
# then come back into the build file, so the checks and the publish are the same).
ENGINES = ("duckdb", "spark")


def _path(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).resolve() if value else default


def _number(variable: str, default: float) -> float:
    value = os.environ.get(variable)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{variable}={value!r}: expected a number") from None
    if number <= 0:
        raise ValueError(f"{variable}={value!r}: expected a positive number")
    return number


def _choice(variable: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(variable, "").strip().lower() or choices[0]
    if value not in choices:
        raise ValueError(f"{variable}={value!r}: expected one of {', '.join(choices)}")
    return value


@dataclass(frozen=True)
class Settings:
    warehouse_dir: Path
    landing_dir: Path
    demo_dir: Path
    reports_dir: Path
    sources_file: Path
    # The raw tables and the load log as Parquet, for any engine (ingestion/lake.py).
    lake_dir: Path
    # Spark's own files on a local run (profiles.yml): `tables/` (what dbt builds, as Parquet,
    # read back into the build file) and its metastore.
    spark_dir: Path
    rut_key: str
    engine: str = "duckdb"
    allows_demo_rut_key: bool = False
    download_deadline_s: float = DEFAULT_DOWNLOAD_DEADLINE_S
    landing_retention_days: float = DEFAULT_LANDING_RETENTION_DAYS
    # Folders besides the demo folder from which local extracts may be landed.
    extra_local_roots: tuple[Path, ...] = ()
    # Where offices drop extracts by hand (ingestion/inbox.py).
    inbox_dir: Path = PROJECT_ROOT / "data" / "buzon"
    inbox_settle_s: float = DEFAULT_INBOX_SETTLE_S

    @classmethod
    def from_env(cls) -> Settings:
        warehouse_dir = _path("HUASCO_WAREHOUSE_DIR", PROJECT_ROOT / "warehouse")
        return cls(
            warehouse_dir=warehouse_dir,
            landing_dir=_path("HUASCO_LANDING_DIR", PROJECT_ROOT / "data" / "landing"),
            demo_dir=_path("HUASCO_DEMO_DIR", PROJECT_ROOT / "data" / "demo"),
            reports_dir=_path("HUASCO_REPORTS_DIR", PROJECT_ROOT / "reports"),
            sources_file=_path("HUASCO_SOURCES_FILE", PROJECT_ROOT / "config" / "sources.toml"),
            lake_dir=_path("HUASCO_LAKE_DIR", warehouse_dir / "lake"),
            spark_dir=_path("HUASCO_SPARK_DIR", warehouse_dir / "build" / "spark"),
            engine=_choice("HUASCO_ENGINE", ENGINES),
            rut_key=os.environ.get("HUASCO_RUT_KEY", DEMO_RUT_KEY),
            allows_demo_rut_key=os.environ.get(ALLOW_DEMO_RUT_KEY_VARIABLE) == "1",
            download_deadline_s=_number("HUASCO_DOWNLOAD_DEADLINE_S", DEFAULT_DOWNLOAD_DEADLINE_S),
            landing_retention_days=_number(
                "HUASCO_LANDING_RETENTION_DAYS", DEFAULT_LANDING_RETENTION_DAYS
            ),
            extra_local_roots=tuple(
                Path(root).resolve()
                for root in os.environ.get("HUASCO_LOCAL_ROOTS", "").split(os.pathsep)
                if root.strip()
            ),
            inbox_dir=_path("HUASCO_INBOX_DIR", PROJECT_ROOT / "data" / "buzon"),
            inbox_settle_s=_number("HUASCO_INBOX_SETTLE_S", DEFAULT_INBOX_SETTLE_S),
        )

    @property
    def published_database(self) -> Path:
        """The file analysts query; only ever replaced whole, after the checks pass."""
        return self.warehouse_dir / "huasco.duckdb"

    @property
    def build_database(self) -> Path:
        """The file the pipeline writes; analysts never open it."""
        return self.warehouse_dir / "build" / "huasco_build.duckdb"

    @property
    def spark_tables_dir(self) -> Path:
        """Spark's `spark.sql.warehouse.dir` (see the spark target of profiles.yml)."""
        return self.spark_dir / "tables"

    @property
    def refresh_lock(self) -> Path:
        """Held (flock) for the whole of a refresh, so a second one stops at once."""
        return self.build_database.parent / "refresco.lock"

    @property
    def data_docs_dir(self) -> Path:
        return self.reports_dir / "data_docs"

    @property
    def pending_reports_root(self) -> Path:
        """Where each run writes its reports; the publish moves them into `reports_dir`."""
        return self.reports_dir / ".pendiente"

    def pending_reports_dir(self, run_id: str) -> Path:
        return self.pending_reports_root / run_id

    @property
    def uses_demo_rut_key(self) -> bool:
        return self.rut_key == DEMO_RUT_KEY


@dataclass(frozen=True)
class SourceConfig:
    """Where one source's extracts come from, as configured (never hard-coded)."""

    name: str
    locations: tuple[str, ...]
    is_demo: bool
    expected_sha256: dict[str, str] | None = None  # file name -> checksum, when published
    auth: str | None = None  # Authorization header value, read from the environment
    local_roots: tuple[str, ...] = ()  # folders local locations must be inside
    download_deadline_s: float = DEFAULT_DOWNLOAD_DEADLINE_S


def load_source_configs(settings: Settings) -> dict[str, SourceConfig]:
    """Read `config/sources.toml`; `HUASCO_SOURCE_<NAME>` overrides a source's locations.

    A source has one or more `locations` (the override separates them with `;`): http(s)
    URLs, `ckan://<portal>/<dataset id>/<resource name>` references or paths; relative paths
    are resolved against the project root, and `{demo_dir}` against the demo folder.
    `auth_env` names the environment variable holding an Authorization header value.
    Local paths must lie inside the demo folder, a top-level `local_roots = [...]` of the
    file or a folder of HUASCO_LOCAL_ROOTS (separated by `:`).
    """
    with settings.sources_file.open("rb") as handle:
        raw = tomllib.load(handle)
    local_roots = (
        settings.demo_dir,
        *(Path(_resolve(root, settings)) for root in raw.get("local_roots", [])),
        *settings.extra_local_roots,
    )
    configs = {}
    for name, entry in raw.get("sources", {}).items():
        override = os.environ.get(f"HUASCO_SOURCE_{name.upper()}")
        locations = override.split(";") if override else list(entry["locations"])
        is_demo = override is None and all("{demo_dir}" in loc for loc in locations)
        configs[name] = SourceConfig(
            name=name,
            locations=tuple(_resolve(location, settings) for location in locations),
            is_demo=is_demo,
            expected_sha256=entry.get("sha256"),
            auth=os.environ.get(entry["auth_env"]) if "auth_env" in entry else None,
            local_roots=tuple(str(root) for root in local_roots),
            download_deadline_s=settings.download_deadline_s,
        )
    return configs


def _resolve(location: str, settings: Settings) -> str:
    location = location.strip().replace("{demo_dir}", str(settings.demo_dir))
    if "://" not in location and not Path(location).is_absolute():
        location = str(PROJECT_ROOT / location)
    return location
