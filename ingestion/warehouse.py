"""The warehouse files: the build file the pipeline writes, the published file analysts read.

Publishing copies the closed build file next to the published one and renames it over it,
so a reader sees either the old warehouse or the new one, never a half-written file. The copy is
written in an older storage version, so the DuckDB 1.x clients analysts have (CLI, JDBC) open it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

DEMO_LABEL = "DATOS DE DEMOSTRACIÓN"
REAL_LABEL = "extractos reales"


# Loads stream through DuckDB; the limit keeps a large extract from taking the machine.
MEMORY_LIMIT = os.environ.get("HUASCO_DUCKDB_MEMORY_LIMIT", "2GB")

# DuckDB 2.x writes storage version v2.0.0, which no 1.x client opens. v1.1.0 is the oldest
# version that keeps everything the warehouse holds and that DuckDB 1.1 and later read (measured
# with DuckDB 1.1.3, 1.2.2, 1.3.2, 1.4.0 and the 1.5.6 CLI; 1.0.0 cannot read what 2.x writes
# for v0.10.0 or v1.0.0 either). A newer one (`v1.4.0`) gives a slightly smaller file.
DEFAULT_PUBLISH_STORAGE_VERSION = "v1.1.0"


def publish_storage_version() -> str:
    """The storage version of the published warehouse (`HUASCO_PUBLISH_STORAGE_VERSION`)."""
    return os.environ.get("HUASCO_PUBLISH_STORAGE_VERSION", DEFAULT_PUBLISH_STORAGE_VERSION)


@contextmanager
def connect(path: Path, read_only: bool = False):
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": MEMORY_LIMIT})
    try:
        yield con
    finally:
        con.close()


CURRENT_LOADS = """
    select * from raw.extract_loads
    qualify row_number() over (partition by source, file_name order by loaded_at desc) = 1
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
    extracts = con.execute(
        "select string_agg(file_name || ' sha256:' || sha256, '; ' order by file_name) "
        f"from ({CURRENT_LOADS})"
    ).fetchone()[0]
    label = DEMO_LABEL if uses_demo_data(con) else REAL_LABEL
    con.execute(
        "insert into audit.refresh_runs values (?, ?, ?, ?)",
        [run_id, datetime.now(UTC), label, extracts],
    )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_published_copy(build_database: Path, target_path: Path, storage_version: str) -> None:
    """Write every schema, table, view, macro, type and sequence of the (closed) build file into
    a new file `target_path` in `storage_version`, closed and synced to disk."""
    target_wal = target_path.with_name(target_path.name + ".wal")
    for leftover in (target_path, target_wal):
        leftover.unlink(missing_ok=True)
    try:
        with duckdb.connect(config={"memory_limit": MEMORY_LIMIT}) as con:
            con.execute(f"attach {_quoted(str(build_database))} as build (read_only)")
            try:
                con.execute(
                    f"attach {_quoted(str(target_path))} as published "
                    f"(storage_version {_quoted(storage_version)})"
                )
            except duckdb.Error as error:
                raise ValueError(
                    f"HUASCO_PUBLISH_STORAGE_VERSION={storage_version!r} is not a storage "
                    f"version this DuckDB writes (e.g. 'v1.1.0', 'v1.4.0'): {error}"
                ) from error
            con.execute("copy from database build to published")
            con.execute("detach published")  # checkpoints: the whole copy is in the file
    except BaseException:
        target_wal.unlink(missing_ok=True)  # the caller removes the half-written copy itself
        raise
    if target_wal.exists():
        raise RuntimeError(f"{target_path} still has a WAL beside it after it was closed")
    with target_path.open("rb+") as handle:
        os.fsync(handle.fileno())


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
        write_published_copy(build_database, staging_copy, publish_storage_version())
        os.replace(staging_copy, published_database)
    finally:
        staging_copy.unlink(missing_ok=True)
