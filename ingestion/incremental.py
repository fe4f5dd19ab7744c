"""What a refresh must rebuild: nothing, the models downstream of the changed sources, or all.

Two states decide it. The *published* state is what the analysts' warehouse was built from: the
extracts (source, location, sha256) and the code fingerprint its last published run recorded in
`audit.refresh_runs`. When the extracts the build's raw tables now hold and the code are both
the same, nothing is rebuilt and nothing published ("sin cambios").

Otherwise the *build* state (`audit.build_state` in the build file: what its dbt models were
last built from, removed before every dbt run and written back only when it succeeded) says
which sources changed since the models were built; only the dbt nodes downstream of them are
rebuilt, with every mart the reconciliation checks (cheap, and the check needs them all). A
missing build state (first run, a failed or killed dbt run) or another code fingerprint means a
full build.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ingestion.settings import PROJECT_ROOT
from ingestion.warehouse import NO_CHANGE, current_extracts, publish_storage_version

FULL = "completa"
SELECTIVE = "selectiva"

# Everything that turns the raw tables into the published figures and pages. Python code of
# the ingestion is not here: it acts on the raw tables, whose checksums are compared instead.
# What shapes the build, as glob patterns: the sources of the build only, never what a run
# writes beside them (installed Data Docs assets, bytecode).
FINGERPRINTED = (
    "dbt_project/models/**/*",
    "dbt_project/seeds/**/*",
    "dbt_project/macros/**/*",
    "dbt_project/tests/**/*",
    "dbt_project/dbt_project.yml",
    "dbt_project/packages.yml",
    "dbt_project/vendor/**/*",
    "expectations/*.py",
    "expectations/templates/**/*",
    "expectations/data_docs_assets/package-lock.json",
)


def code_fingerprint(root: Path = PROJECT_ROOT) -> str:
    """sha256 over the path and bytes of every file that shapes the build (a changed model,
    seed, macro, test or reconciliation rule gives another fingerprint), and over the storage
    version the warehouse is published in."""
    digest = hashlib.sha256(publish_storage_version().encode())  # a new one: publish again
    files = sorted({file for pattern in FINGERPRINTED for file in root.glob(pattern)})
    for file in files:
        if not file.is_file() or "__pycache__" in file.parts:
            continue
        digest.update(str(file.relative_to(root)).encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class RefreshPlan:
    mode: str  # NO_CHANGE, FULL or SELECTIVE
    reason: str  # why, in Spanish (shown in Dagster and stored with the run)
    fingerprint: str
    extracts: list[dict[str, str]]
    changed_sources: tuple[str, ...] = field(default=())

    @property
    def extracts_json(self) -> str:
        return json.dumps(self.extracts, ensure_ascii=False)


def plan_refresh(
    con: duckdb.DuckDBPyConnection, published_database: Path, fingerprint: str
) -> RefreshPlan:
    """Decide how much of the build this run redoes (`con`: the build file, loads done)."""
    extracts = current_extracts(con)
    published = published_state(published_database)
    if published is not None and published == (_as_set(extracts), fingerprint):
        return RefreshPlan(
            NO_CHANGE,
            "los extractos y el código son los del almacén publicado",
            fingerprint,
            extracts,
        )
    built = build_state(con)
    if built is None:
        return RefreshPlan(
            FULL, "no se sabe de qué se construyeron los modelos", fingerprint, extracts
        )
    built_extracts, built_fingerprint = built
    if built_fingerprint != fingerprint:
        return RefreshPlan(FULL, "cambió el código, las semillas o dbt", fingerprint, extracts)
    changed = changed_sources(built_extracts, _as_set(extracts))
    reason = (
        f"cambiaron: {', '.join(changed)}"
        if changed
        else "los modelos están al día; falta conciliar y publicar"
    )
    return RefreshPlan(SELECTIVE, reason, fingerprint, extracts, changed)


def changed_sources(before: frozenset, after: frozenset) -> tuple[str, ...]:
    """Sources with a location added, removed or with another checksum."""
    return tuple(sorted({source for source, _location, _sha in before ^ after}))


def _as_set(extracts: Iterable[Mapping[str, str]]) -> frozenset[tuple[str, str, str]]:
    return frozenset((e["source"], e["location"], e["sha256"]) for e in extracts)


def published_state(published_database: Path) -> tuple[frozenset, str] | None:
    """(extracts, fingerprint) of the last published run, or None when unknown."""
    if not published_database.exists():
        return None
    try:
        con = duckdb.connect(str(published_database), read_only=True)
    except duckdb.Error:
        return None  # held by a writer: rebuild rather than guess
    try:
        columns = {
            row[0]
            for row in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'audit' "
                "and table_name = 'refresh_runs'"
            ).fetchall()
        }
        if not {"outcome", "fingerprint"} <= columns:
            return None  # published before runs recorded their fingerprint
        row = con.execute(
            "select extracts, fingerprint from audit.refresh_runs where outcome = 'publicado' "
            "order by published_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    if row is None or row[1] is None:
        return None
    return _as_set(json.loads(row[0])), row[1]


# The build state, kept inside the build file so it lives and dies with the models it describes.


def _create_build_state(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists audit")
    con.execute(
        """
        create table if not exists audit.build_state (
            run_id varchar, built_at timestamptz, fingerprint varchar, extracts varchar,
            dbt_mode varchar, dbt_selection varchar, reason varchar
        )
        """
    )


def build_state(con: duckdb.DuckDBPyConnection) -> tuple[frozenset, str] | None:
    _create_build_state(con)
    row = con.execute("select extracts, fingerprint from audit.build_state").fetchone()
    if row is None:
        return None
    return _as_set(json.loads(row[0])), row[1]


def forget_build_state(con: duckdb.DuckDBPyConnection) -> None:
    """Before dbt runs: if it fails or is killed, the models are in no known state."""
    _create_build_state(con)
    con.execute("delete from audit.build_state")


def record_build_state(
    con: duckdb.DuckDBPyConnection, run_id: str, plan: RefreshPlan, selection: str | None
) -> None:
    """After dbt succeeded: the models are those of `plan`'s extracts and code."""
    _create_build_state(con)
    con.execute("delete from audit.build_state")
    con.execute(
        "insert into audit.build_state values (?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            datetime.now(UTC),
            plan.fingerprint,
            plan.extracts_json,
            plan.mode,
            selection,
            plan.reason,
        ],
    )


def dbt_build_of_run(
    con: duckdb.DuckDBPyConnection, run_id: str
) -> tuple[str, str | None, str | None, str | None]:
    """(mode, selection, fingerprint, reason) of the dbt build this run did; ('omitida', None,
    None, None) when it did none (a publish materialised alone)."""
    _create_build_state(con)
    row = con.execute(
        "select dbt_mode, dbt_selection, fingerprint, reason from audit.build_state "
        "where run_id = ?",
        [run_id],
    ).fetchone()
    return row if row else ("omitida", None, None, None)


def dbt_selection(
    manifest: Mapping[str, Any], raw_tables: Iterable[str], always: Iterable[str]
) -> str:
    """The dbt selection of a selective build: everything downstream of the dbt sources over
    the changed raw tables and over the load log and quarantine (every load writes them), plus
    the models `always` names (the marts the reconciliation checks). Models aggregating over
    every section (`int_figure_contributions`, `computed_figures`, `figure_lineage`) are
    downstream of every source, so they are in it whenever anything changed."""
    tables = set(raw_tables)
    specs = []
    if tables:
        tables |= {"extract_loads", "quarantine"}
        specs = sorted(
            f"source:{source['package_name']}.{source['source_name']}.{source['name']}+"
            for source in manifest["sources"].values()
            if source["schema"] == "raw" and source["identifier"] in tables
        )
    return " ".join([*specs, *sorted(always)])
