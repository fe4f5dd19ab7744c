"""The warehouse files: the build file the pipeline writes, the published file analysts read.

Publishing copies the closed build file next to the published one and renames it over it,
so a reader sees either the old warehouse or the new one, never a half-written file. The copy is
written in an older storage version, so the DuckDB 1.x clients analysts have (CLI, JDBC) open it.
The run's reports, written aside while it ran, are moved into place only after that rename, and
the run is recorded in `audit.refresh_runs` only inside the copy being published: a refresh
that dies before the rename leaves the published warehouse, its history and the reports as
they were.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
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


def uses_real_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any extract behind the current raw tables is not a generated demo extract."""
    row = con.execute(
        f"select coalesce(bool_or(not is_demo), false) from ({CURRENT_LOADS})"
    ).fetchone()
    return bool(row[0])


class DemoKeyRefused(RuntimeError):
    """Real extracts were pseudonymised with the public demo key."""


def refuse_demo_key_with_real_data(
    con: duckdb.DuckDBPyConnection, uses_demo_rut_key: bool, allowed: bool
) -> None:
    """Anyone can reverse pseudonyms made with the public key: never publish real ones."""
    if uses_demo_rut_key and not allowed and uses_real_data(con):
        raise DemoKeyRefused(
            "no se publica: hay extractos reales seudonimizados con la clave pública de "
            "demostración, que permite revertir los RUT. Defina HUASCO_RUT_KEY con una clave "
            "secreta propia y vuelva a cargar los extractos (solo para pruebas: "
            "HUASCO_ALLOW_DEMO_RUT_KEY=1)."
        )


def _create_refresh_runs(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists audit")
    con.execute(
        """
        create table if not exists audit.refresh_runs (
            run_id varchar, published_at timestamptz, origen_datos varchar, extracts varchar
        )
        """
    )


def record_refresh(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Stamp a warehouse with what it is, so analysts can tell demo data from real data.

    `publish` calls it on the copy it is about to publish, never on the build file directly,
    so the row exists only where the publish completed."""
    _create_refresh_runs(con)
    # JSON: [{"source", "location", "sha256"}, ...], the extracts behind this run.
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


# Files and folder of the published warehouse and the reports are for the analysts' group;
# the build file is the pipeline's own.
PUBLISHED_FILE_MODE = 0o640
PUBLISHED_DIR_MODE = 0o750
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create (or tighten) a folder only the pipeline's user can enter."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    path.chmod(PRIVATE_DIR_MODE)
    return path


def published_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=PUBLISHED_DIR_MODE)
    path.chmod(PUBLISHED_DIR_MODE)
    return path


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


def publish(build_database: Path, published_database: Path, run_id: str) -> None:
    """Atomically replace the published warehouse with a copy of the (closed) build file,
    recording the run in the copy's `audit.refresh_runs`."""
    with connect(build_database) as con:
        con.execute("checkpoint")
    wal = build_database.with_name(build_database.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build_database} still has a WAL beside it: a connection is open")
    build_database.chmod(PRIVATE_FILE_MODE)
    published_dir(published_database.parent)
    staging_copy = published_database.with_name(f".{published_database.name}.{os.getpid()}.tmp")
    try:
        write_published_copy(build_database, staging_copy, publish_storage_version())
        with connect(staging_copy) as con:
            # The build may lack runs published earlier (a kill right after a rename).
            _carry_refresh_history(con, published_database)
            record_refresh(con, run_id)
        staging_copy.chmod(PUBLISHED_FILE_MODE)
        with staging_copy.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(staging_copy, published_database)
    finally:
        staging_copy.unlink(missing_ok=True)
    _fsync_dir(published_database.parent)


def record_published_runs_in_build(build_database: Path, published_database: Path) -> None:
    """After a publish, give the build the runs the published file records (the next build
    starts from it). If this never happens, the next publish carries them anyway."""
    with connect(build_database) as con:
        _carry_refresh_history(con, published_database)


def _carry_refresh_history(con: duckdb.DuckDBPyConnection, other_database: Path) -> None:
    """Add the runs `other_database` records and `con` does not."""
    _create_refresh_runs(con)
    if not other_database.exists():
        return
    quoted = str(other_database).replace("'", "''")
    try:
        con.execute(f"attach '{quoted}' as history_source (read_only)")
    except duckdb.IOException:
        # Held by a process that opened it for writing (an analyst's client not read-only):
        # the build's own history stands, which lacks at most a run killed mid-publish.
        return
    try:
        has_history = con.execute(
            "select count(*) from duckdb_tables() where database_name = 'history_source' "
            "and schema_name = 'audit' and table_name = 'refresh_runs'"
        ).fetchone()[0]
        if has_history:
            con.execute(
                """
                insert into audit.refresh_runs by name
                select * from history_source.audit.refresh_runs
                where run_id not in (select run_id from audit.refresh_runs)
                """
            )
    finally:
        con.execute("detach history_source")


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# Reports: written per run into a pending folder, moved into place by the publish.


def prepare_pending_reports(pending_dir: Path) -> Path:
    """An empty pending folder for a run. Its Data Docs will describe this run alone: the
    history of every check is in audit.reconciliation, not in pages of earlier runs."""
    shutil.rmtree(pending_dir, ignore_errors=True)
    published_dir(pending_dir.parent)
    published_dir(pending_dir)
    return pending_dir


def publish_reports(pending_dir: Path, reports_dir: Path) -> list[Path]:
    """Move a run's reports into `reports_dir`: files one by one with a rename, folders
    (the Data Docs) swapped by renames. Called only after the warehouse was published."""
    if not pending_dir.is_dir():
        return []
    published_dir(reports_dir)
    moved = []
    for item in sorted(pending_dir.iterdir()):
        _restrict_published(item)
        target = reports_dir / item.name
        if item.is_dir():
            previous = reports_dir / f".{item.name}.anterior"
            shutil.rmtree(previous, ignore_errors=True)
            if target.exists():
                os.rename(target, previous)
            os.rename(item, target)
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(item, target)
        moved.append(target)
    pending_dir.rmdir()
    return moved


def _restrict_published(path: Path) -> None:
    if path.is_dir():
        path.chmod(PUBLISHED_DIR_MODE)
        for child in path.rglob("*"):
            child.chmod(PUBLISHED_DIR_MODE if child.is_dir() else PUBLISHED_FILE_MODE)
    else:
        path.chmod(PUBLISHED_FILE_MODE)


# One refresh at a time, and what a killed one left behind.


class RefreshInProgress(RuntimeError):
    """Another refresh holds the lock."""


@contextmanager
def refresh_lock(lock_file: Path, run_id: str) -> Iterator[None]:
    """Hold an exclusive lock for a run; a second run fails at once naming the first.

    The lock dies with its process, so a killed refresh never blocks the next one. A step of
    the same run in another process (an executor with a process per step) finds its own run
    id in the file and goes on."""
    private_dir(lock_file.parent)
    descriptor = os.open(lock_file, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            acquired = True
        except BlockingIOError:
            acquired = False
        if not acquired:
            holder = os.pread(descriptor, 4096, 0).decode("utf-8", "replace").strip()
            if holder.split(" ", 1)[0] != run_id:
                raise RefreshInProgress(
                    f"ya hay un refresco en curso ({holder or 'sin datos'}; candado "
                    f"{lock_file}): este termina sin hacer nada"
                )
            yield
            return
        os.ftruncate(descriptor, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(descriptor, f"{run_id} desde {started} pid {os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def remove_stale_files(published_database: Path, pending_reports_root: Path, run_id: str):
    """What killed refreshes leave: publish copies, half-swapped Data Docs, pending reports
    of other runs. Only call it while holding the refresh lock."""
    stale = list(published_database.parent.glob(f".{published_database.name}.*.tmp"))
    stale += list(published_database.parent.glob(f".{published_database.name}.*.tmp.wal"))
    reports_dir = pending_reports_root.parent
    stale += list(reports_dir.glob(".*.anterior"))
    if pending_reports_root.is_dir():
        stale += [path for path in pending_reports_root.iterdir() if path.name != run_id]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return stale
