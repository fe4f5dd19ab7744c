"""The warehouse files: the build file the pipeline writes, the published file analysts read.

Publishing copies the closed build file next to the published one and renames it over it,
so a reader sees either the old warehouse or the new one, never a half-written file. The build
file is created in an older storage version, so the copy, byte for byte, is one the DuckDB 1.x
clients analysts have (CLI, JDBC) open; a build file in another version (made before, or before
the setting changed) is rewritten in it once, before its first publish.
The run's reports, written aside while it ran, are moved into place only after that rename, and
the run is recorded in `audit.refresh_runs` only inside the copy being published: a refresh
that dies before the rename leaves the published warehouse, its history and the reports as
they were.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

DEMO_LABEL = "DATOS DE DEMOSTRACIÓN"
REAL_LABEL = "extractos reales"


# Loads stream through DuckDB; the limit keeps a large extract from taking the machine.
MEMORY_LIMIT = os.environ.get("HUASCO_DUCKDB_MEMORY_LIMIT", "2GB")
# A load streams its extract a chunk at a time, so DuckDB's buffer pool is what its memory
# grows to: with 2GB the load stage peaked at 2.85 GB at scale 100, with 1GB at 1.9 GB, in the
# same time (docs/benchmarks.md).
LOAD_MEMORY_LIMIT = os.environ.get("HUASCO_LOAD_MEMORY_LIMIT", "1GB")

# DuckDB 2.x writes storage version v2.0.0, which no 1.x client opens. v1.1.0 is the oldest
# version that keeps everything the warehouse holds and that DuckDB 1.1 and later read (measured
# with DuckDB 1.1.3, 1.2.2, 1.3.2, 1.4.0 and the 1.5.6 CLI; 1.0.0 cannot read what 2.x writes
# for v0.10.0 or v1.0.0 either). A newer one (`v1.4.0`) gives a slightly smaller file.
DEFAULT_PUBLISH_STORAGE_VERSION = "v1.1.0"


def publish_storage_version() -> str:
    """The storage version of the published warehouse (`HUASCO_PUBLISH_STORAGE_VERSION`)."""
    return os.environ.get("HUASCO_PUBLISH_STORAGE_VERSION", DEFAULT_PUBLISH_STORAGE_VERSION)


def _storage_version_error(storage_version: str, error: duckdb.Error) -> ValueError:
    return ValueError(
        f"HUASCO_PUBLISH_STORAGE_VERSION={storage_version!r} is not a storage "
        f"version this DuckDB writes (e.g. 'v1.1.0', 'v1.4.0'): {error}"
    )


@contextmanager
def connect(path: Path, read_only: bool = False, memory_limit: str = MEMORY_LIMIT):
    """A connection to a warehouse file; a file it creates is in the publish storage version,
    so that publishing it is a plain copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"memory_limit": memory_limit}
    if not path.exists():
        config["storage_compatibility_version"] = publish_storage_version()
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.InvalidInputException as error:
        if "storage_compatibility_version" not in config:
            raise
        raise _storage_version_error(config["storage_compatibility_version"], error) from error
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


# Run history: one row per refresh (published, without changes or failed), its steps and what
# each source loaded. The build file keeps the runs that did not publish; every publish carries
# the history both ways, so the published file holds every run up to its own.
PUBLISHED = "publicado"
NO_CHANGE = "sin cambios"
FAILED = "fallido"

HISTORY_TABLES = {
    "refresh_runs": {
        "run_id": "varchar",
        "published_at": "timestamptz",  # null when the run published nothing
        "origen_datos": "varchar",
        "extracts": "varchar",  # JSON [{"source", "location", "sha256"}], the build's raw tables
        "outcome": "varchar",  # publicado, sin cambios or fallido
        "started_at": "timestamptz",
        "finished_at": "timestamptz",
        "duration_s": "double",
        "fingerprint": "varchar",  # of the dbt project, seeds and reconciliation code
        "dbt_mode": "varchar",  # completa, selectiva or omitida
        "dbt_selection": "varchar",
        "reason": "varchar",  # why this much was rebuilt
        "failed_step": "varchar",
        "error": "varchar",
        "checks_match": "integer",  # the reconciliation of the run, counts by status
        "checks_mismatch": "integer",
        "checks_explained": "integer",
        "checks_not_computed": "integer",
    },
    "refresh_steps": {
        "run_id": "varchar",
        "step": "varchar",
        "started_at": "timestamptz",
        "duration_s": "double",
        "status": "varchar",  # ok, fallido, omitido, or en curso for the step that recorded
    },
    "refresh_sources": {
        "run_id": "varchar",
        "source": "varchar",
        "files": "integer",  # configured locations
        "new_loads": "integer",  # files loaded by this run (the rest were already loaded)
        "rows_loaded": "bigint",
        "rows_quarantined": "bigint",
        "rows_skipped": "bigint",
        "rows_in_raw": "bigint",  # rows of the current loads, this run's or earlier
    },
}
RECONCILIATION_STATUSES = ("match", "mismatch", "explained", "not_computed")


@dataclass(frozen=True)
class StepRecord:
    step: str
    started_at: datetime
    duration_s: float
    status: str


@dataclass(frozen=True)
class RefreshRecord:
    run_id: str
    outcome: str
    started_at: datetime
    steps: tuple[StepRecord, ...] = ()
    fingerprint: str | None = None
    dbt_mode: str | None = None
    dbt_selection: str | None = None
    reason: str | None = None
    failed_step: str | None = None
    error: str | None = None


def create_history_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the history tables, or add the columns a newer release has (older rows: null)."""
    con.execute("create schema if not exists audit")
    for table, columns in HISTORY_TABLES.items():
        definitions = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        con.execute(f"create table if not exists audit.{table} ({definitions})")
        for name, kind in columns.items():
            con.execute(f"alter table audit.{table} add column if not exists {name} {kind}")


def current_extracts(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    """[{"source", "location", "sha256"}, ...]: the extracts behind the build's raw tables."""
    has_loads = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = 'raw' and table_name = 'extract_loads'"
    ).fetchone()[0]
    if not has_loads:
        return []
    text = con.execute(
        "select to_json(coalesce(list({'source': source, 'location': location, "
        "'sha256': sha256} order by source, location), []))::varchar "
        f"from ({CURRENT_LOADS})"
    ).fetchone()[0]
    return json.loads(text)


def record_refresh(con: duckdb.DuckDBPyConnection, record: RefreshRecord) -> None:
    """Record a run in the history of the warehouse `con` is connected to.

    For a published run `publish` calls it on the copy it is about to publish, never on the
    build file, so that row exists only where the publish completed. A run that published
    nothing is recorded in the build file, and reaches the analysts with the next publish."""
    create_history_tables(con)
    finished = datetime.now(UTC)
    has_loads = has_table(con, "raw", "extract_loads")
    label = DEMO_LABEL if has_loads and uses_demo_data(con) else REAL_LABEL
    if record.outcome == FAILED:
        # Several steps of one run may fail (the others go on): the row names them all.
        earlier = con.execute(
            "select failed_step, error, outcome from audit.refresh_runs where run_id = ?",
            [record.run_id],
        ).fetchone()
        if earlier and earlier[2] == PUBLISHED:
            # Failed after its publish (moving the reports): it stays published, with the error.
            con.execute(
                "update audit.refresh_runs set failed_step = ?, error = ? where run_id = ?",
                [record.failed_step, record.error, record.run_id],
            )
            return
        if earlier and earlier[0]:
            record = dataclasses.replace(
                record,
                failed_step=f"{earlier[0]}, {record.failed_step}",
                error=f"{earlier[1]}\n{record.error}",
            )
    checks = (
        _reconciliation_counts(con)
        if record.outcome == PUBLISHED
        else dict.fromkeys(RECONCILIATION_STATUSES)
    )
    for table in HISTORY_TABLES:  # a second failed step of the same run replaces the first
        con.execute(f"delete from audit.{table} where run_id = ?", [record.run_id])
    con.execute(
        "insert into audit.refresh_runs by name select "
        "$run_id as run_id, $published_at as published_at, $origen as origen_datos, "
        "$extracts as extracts, $outcome as outcome, $started as started_at, "
        "$finished as finished_at, $duration as duration_s, $fingerprint as fingerprint, "
        "$dbt_mode as dbt_mode, $dbt_selection as dbt_selection, $reason as reason, "
        "$failed_step as failed_step, $error as error, $match as checks_match, "
        "$mismatch as checks_mismatch, $explained as checks_explained, "
        "$not_computed as checks_not_computed",
        {
            "run_id": record.run_id,
            "published_at": finished if record.outcome == PUBLISHED else None,
            "origen": label,
            "extracts": json.dumps(current_extracts(con), ensure_ascii=False),
            "outcome": record.outcome,
            "started": record.started_at,
            "finished": finished,
            "duration": (finished - record.started_at).total_seconds(),
            "fingerprint": record.fingerprint,
            "dbt_mode": record.dbt_mode,
            "dbt_selection": record.dbt_selection,
            "reason": record.reason,
            "failed_step": record.failed_step,
            "error": record.error,
            **checks,
        },
    )
    if record.steps:
        con.executemany(
            "insert into audit.refresh_steps by name select $1 as run_id, $2 as step, "
            "$3 as started_at, $4 as duration_s, $5 as status",
            [[record.run_id, s.step, s.started_at, s.duration_s, s.status] for s in record.steps],
        )
    if has_loads:
        con.execute(
            f"""
            insert into audit.refresh_sources by name
            select
                $run_id as run_id, loads.source, count(*) as files,
                count(*) filter (where loads.loaded_at >= $started) as new_loads,
                coalesce(sum(loads.rows_loaded) filter (where loads.loaded_at >= $started), 0)
                    as rows_loaded,
                coalesce(
                    sum(loads.rows_quarantined) filter (where loads.loaded_at >= $started), 0
                ) as rows_quarantined,
                coalesce(sum(loads.rows_skipped) filter (where loads.loaded_at >= $started), 0)
                    as rows_skipped,
                sum(loads.rows_loaded) as rows_in_raw
            from ({CURRENT_LOADS}) as loads
            group by loads.source
            """,
            {"run_id": record.run_id, "started": record.started_at},
        )


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where database_name = current_database() "
            "and schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def _reconciliation_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    """Checks by status in the latest reconciliation (the run's own: it runs before publish)."""
    counts: dict[str, int | None] = dict.fromkeys(RECONCILIATION_STATUSES)
    if not has_table(con, "audit", "reconciliation"):
        return counts
    rows = con.execute(
        "select status, count(*) from audit.reconciliation "
        "where run_id = (select max(run_id) from audit.reconciliation) group by status"
    ).fetchall()
    counts.update(dict.fromkeys(RECONCILIATION_STATUSES, 0))
    counts.update({status: count for status, count in rows if status in counts})
    return counts


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


def _attach_new_file(
    con: duckdb.DuckDBPyConnection, path: Path, alias: str, storage_version: str
) -> None:
    """Attach `path`, a file DuckDB creates, written in `storage_version`."""
    try:
        con.execute(
            f"attach {_quoted(str(path))} as {alias} (storage_version {_quoted(storage_version)})"
        )
    except duckdb.Error as error:
        raise _storage_version_error(storage_version, error) from error


def write_copy_in_storage_version(database: Path, target_path: Path, storage_version: str):
    """Write every schema, table, view, macro, type and sequence of the (closed) `database` into
    a new file `target_path` in `storage_version`, closed and synced to disk."""
    target_wal = target_path.with_name(target_path.name + ".wal")
    for leftover in (target_path, target_wal):
        leftover.unlink(missing_ok=True)
    try:
        with duckdb.connect(config={"memory_limit": MEMORY_LIMIT}) as con:
            con.execute(f"attach {_quoted(str(database))} as source (read_only)")
            _attach_new_file(con, target_path, "target", storage_version)
            con.execute("copy from database source to target")
            con.execute("detach target")  # checkpoints: the whole copy is in the file
    except BaseException:
        target_wal.unlink(missing_ok=True)  # the caller removes the half-written copy itself
        raise
    if target_wal.exists():
        raise RuntimeError(f"{target_path} still has a WAL beside it after it was closed")
    with target_path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _storage_tag(con: duckdb.DuckDBPyConnection, database: str) -> str:
    return con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = ?",
        [database],
    ).fetchone()[0]


def _in_storage_version(database: Path, storage_version: str) -> bool:
    """Whether the (closed) `database` file is written in `storage_version`, as DuckDB names
    it (by the oldest release that reads it: a v1.1.0 file is tagged v1.0.0+)."""
    # Only a new file tells the tag a version gets: an empty one is made and removed.
    probe = database.with_name(f".{database.name}.{os.getpid()}.probe")
    probe.unlink(missing_ok=True)
    try:
        with duckdb.connect() as con:
            con.execute(f"attach {_quoted(str(database))} as existing (read_only)")
            _attach_new_file(con, probe, "probe", storage_version)
            return _storage_tag(con, "existing") == _storage_tag(con, "probe")
    finally:
        for leftover in (probe, probe.with_name(probe.name + ".wal")):
            leftover.unlink(missing_ok=True)


def rewrite_in_storage_version(database: Path, storage_version: str) -> None:
    """Give the (closed) `database` file `storage_version`, rewriting it whole when it has
    another: once for a build file made before the setting, or when the setting changes."""
    if _in_storage_version(database, storage_version):
        return
    rewritten = database.with_name(f".{database.name}.{os.getpid()}.tmp")
    try:
        write_copy_in_storage_version(database, rewritten, storage_version)
        rewritten.chmod(database.stat().st_mode & 0o777)
        os.replace(rewritten, database)
    finally:
        rewritten.unlink(missing_ok=True)
    _fsync_dir(database.parent)


def publish(
    build_database: Path,
    published_database: Path,
    run_id: str,
    record: RefreshRecord | None = None,
) -> None:
    """Atomically replace the published warehouse with a copy of the (closed) build file,
    recording the run (`record`, by default one with no details) in the copy's history."""
    record = record or RefreshRecord(run_id, PUBLISHED, datetime.now(UTC))
    with connect(build_database) as con:
        con.execute("checkpoint")
    wal = build_database.with_name(build_database.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build_database} still has a WAL beside it: a connection is open")
    build_database.chmod(PRIVATE_FILE_MODE)
    rewrite_in_storage_version(build_database, publish_storage_version())
    published_dir(published_database.parent)
    staging_copy = published_database.with_name(f".{published_database.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(build_database, staging_copy)
        with connect(staging_copy) as con:
            # The build may lack runs published earlier (a kill right after a rename).
            _carry_refresh_history(con, published_database)
            record_refresh(con, record)
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


def record_failed_run(build_database: Path, published_database: Path, record: RefreshRecord):
    """A failed run, in the build file (with the published runs first: one that failed after
    its publish stays published there, with its error)."""
    with connect(build_database) as con:
        _carry_refresh_history(con, published_database)
        record_refresh(con, record)


def _carry_refresh_history(con: duckdb.DuckDBPyConnection, other_database: Path) -> None:
    """Add the runs `other_database` records and `con` does not (with their steps and sources)."""
    create_history_tables(con)
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
        tables = {
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where database_name = 'history_source' "
                "and schema_name = 'audit'"
            ).fetchall()
        }
        known = [row[0] for row in con.execute("select run_id from audit.refresh_runs").fetchall()]
        for table in HISTORY_TABLES:
            if table in tables:
                con.execute(
                    f"""
                    insert into audit.{table} by name
                    select * from history_source.audit.{table}
                    where not list_contains($known::varchar[], run_id)
                    """,
                    {"known": known},
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
