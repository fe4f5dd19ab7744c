"""The warehouse files: the build file the pipeline writes, the published file analysts read.

Publishing copies the closed build file next to the published one and renames it over it,
so a reader sees either the old warehouse or the new one, never a half-written file.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

DEMO_LABEL = "DATOS DE DEMOSTRACIÓN"
REAL_LABEL = "extractos reales"


# Loads stream through DuckDB; the limit keeps a large extract from taking the machine.
MEMORY_LIMIT = os.environ.get("HUASCO_DUCKDB_MEMORY_LIMIT", "2GB")


@contextmanager
def connect(path: Path, read_only: bool = False):
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": MEMORY_LIMIT})
    try:
        yield con
    finally:
        con.close()


# The load behind each configured extract: the latest per (source, location), among the
# locations still configured (a location that left the configuration is retired).
CURRENT_LOADS = """
    select * from raw.extract_loads
    where retired_at is null
    qualify row_number() over (partition by source, location order by loaded_at desc) = 1
"""


def uses_demo_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any extract behind the current raw tables is a generated demo extract."""
    row = con.execute(f"select coalesce(bool_or(is_demo), false) from ({CURRENT_LOADS})").fetchone()
    return bool(row[0])


def record_refresh(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Stamp the build with what it is, so analysts can tell demo data from real data."""
    con.execute("create schema if not exists audit")
    con.execute(
        """
        create table if not exists audit.refresh_runs (
            run_id varchar, published_at timestamptz, origen_datos varchar, extracts varchar
        )
        """
    )
    # JSON: [{"source", "location", "sha256"}, ...], the extracts behind this build.
    extracts = con.execute(
        "select to_json(coalesce(list({'source': source, 'location': location, "
        "'sha256': sha256} order by source, location), []))::varchar "
        f"from ({CURRENT_LOADS})"
    ).fetchone()[0]
    label = DEMO_LABEL if uses_demo_data(con) else REAL_LABEL
    con.execute(
        "insert into audit.refresh_runs values (?, ?, ?, ?)",
        [run_id, datetime.now(UTC), label, extracts],
    )


def publish(build_database: Path, published_database: Path) -> None:
    """Atomically replace the published warehouse with a copy of the (closed) build file."""
    with connect(build_database) as con:
        con.execute("checkpoint")
    wal = build_database.with_name(build_database.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build_database} still has a WAL beside it: a connection is open")
    published_database.parent.mkdir(parents=True, exist_ok=True)
    staging_copy = published_database.with_name(f".{published_database.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(build_database, staging_copy)
        with staging_copy.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(staging_copy, published_database)
    finally:
        staging_copy.unlink(missing_ok=True)
