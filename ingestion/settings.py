"""Where things live. Every path can be moved with an environment variable."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The demo key is public on purpose: it only ever pseudonymises generated RUTs.
DEMO_RUT_KEY = "clave-demo-publica-no-usar-con-datos-reales"


def _path(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    return Path(value).resolve() if value else default


@dataclass(frozen=True)
class Settings:
    warehouse_dir: Path
    landing_dir: Path
    demo_dir: Path
    reports_dir: Path
    sources_file: Path
    gx_state_dir: Path
    rut_key: str

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            warehouse_dir=_path("HUASCO_WAREHOUSE_DIR", PROJECT_ROOT / "warehouse"),
            landing_dir=_path("HUASCO_LANDING_DIR", PROJECT_ROOT / "data" / "landing"),
            demo_dir=_path("HUASCO_DEMO_DIR", PROJECT_ROOT / "data" / "demo"),
            reports_dir=_path("HUASCO_REPORTS_DIR", PROJECT_ROOT / "reports"),
            sources_file=_path("HUASCO_SOURCES_FILE", PROJECT_ROOT / "config" / "sources.toml"),
            gx_state_dir=_path(
                "HUASCO_GX_STATE_DIR", PROJECT_ROOT / "expectations" / "gx" / "uncommitted"
            ),
            rut_key=os.environ.get("HUASCO_RUT_KEY", DEMO_RUT_KEY),
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
    def data_docs_dir(self) -> Path:
        return self.reports_dir / "data_docs"

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


def load_source_configs(settings: Settings) -> dict[str, SourceConfig]:
    """Read `config/sources.toml`; `HUASCO_SOURCE_<NAME>` overrides a source's locations.

    A source has one or more `locations` (the override separates them with `;`): http(s)
    URLs, `ckan://<portal>/<dataset id>/<resource name>` references or paths; relative paths
    are resolved against the project root, and `{demo_dir}` against the demo folder.
    `auth_env` names the environment variable holding an Authorization header value.
    """
    with settings.sources_file.open("rb") as handle:
        raw = tomllib.load(handle)
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
        )
    return configs


def _resolve(location: str, settings: Settings) -> str:
    location = location.strip().replace("{demo_dir}", str(settings.demo_dir))
    if "://" not in location and not Path(location).is_absolute():
        location = str(PROJECT_ROOT / location)
    return location
