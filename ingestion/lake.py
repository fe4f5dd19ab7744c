"""The raw layer as open files: each raw table and the load log as Parquet, for any engine.

Layout under the lake folder (Hive partitioning, one folder per load):

    raw/<table>/_load_id=<load id>/data_0.parquet   every raw table carrying `_load_id`
    raw/quarantine/load_id=<load id>/data_0.parquet  (the partition column keeps the table's name)
    raw/extract_loads/data_0.parquet                 the whole load log, unpartitioned

The partition column is not stored in the files (engines read it back from the folder name);
the other columns keep DuckDB's names and types. A load's rows never change once loaded (a new
version of an extract is a new load), so a partition is written once and only ever removed.

Readers never see a half-written partition: each is written in a staging folder beside `raw/`
and renamed into place, and one to remove is renamed away before it is deleted. Whatever a
crash leaves in the staging folder is cleared by the next sync.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.loading import RAW_SCHEMA
from ingestion.warehouse import has_table

LOAD_LOG_TABLE = "extract_loads"
QUARANTINE_TABLE = "quarantine"
SOURCE_LOAD_COLUMN = "_load_id"
QUARANTINE_LOAD_COLUMN = "load_id"
DATA_FILE = "data_0.parquet"
STAGING_FOLDER = ".staging"  # beside raw/, so no glob over raw/ ever reaches it


@dataclass
class LakeSyncResult:
    """What one sync changed: partitions as (table, load id)."""

    written: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # every table now in the lake
    rows_written: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


def raw_dir(lake_dir: Path) -> Path:
    return lake_dir / RAW_SCHEMA


def table_dir(lake_dir: Path, table: str) -> Path:
    return raw_dir(lake_dir) / table


def partition_dir(lake_dir: Path, table: str, load_column: str, load_id: str) -> Path:
    return table_dir(lake_dir, table) / f"{load_column}={load_id}"


def partitioned_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Raw table -> its load column, for every raw table partitioned by load."""
    rows = con.execute(
        """
        select table_name, column_name from duckdb_columns()
        where schema_name = ? and database_name = current_database()
            and (column_name = ? or (table_name = ? and column_name = ?))
        order by table_name
        """,
        [RAW_SCHEMA, SOURCE_LOAD_COLUMN, QUARANTINE_TABLE, QUARANTINE_LOAD_COLUMN],
    ).fetchall()
    return dict(rows)


def sync_lake(con: duckdb.DuckDBPyConnection, lake_dir: Path) -> LakeSyncResult:
    """Bring the lake in step with the raw schema of `con`: write the partitions of new loads,
    remove those of loads no longer in their table, rewrite the load log."""
    result = LakeSyncResult()
    staging = lake_dir / STAGING_FOLDER
    shutil.rmtree(staging, ignore_errors=True)  # what an interrupted sync left
    staging.mkdir(parents=True)
    try:
        for table, load_column in partitioned_tables(con).items():
            _sync_table(con, lake_dir, staging, table, load_column, result)
            result.tables.append(table)
        if has_table(con, RAW_SCHEMA, LOAD_LOG_TABLE):
            _write_load_log(con, lake_dir, staging)
            result.tables.append(LOAD_LOG_TABLE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _sync_table(
    con: duckdb.DuckDBPyConnection,
    lake_dir: Path,
    staging: Path,
    table: str,
    load_column: str,
    result: LakeSyncResult,
) -> None:
    folder = table_dir(lake_dir, table)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{load_column}="
    in_lake = {
        entry.name.removeprefix(prefix)
        for entry in folder.iterdir()
        if entry.is_dir() and entry.name.startswith(prefix)
    }
    in_table = {
        row[0]
        for row in con.execute(
            f'select distinct "{load_column}" from {RAW_SCHEMA}."{table}" '
            f'where "{load_column}" is not null'
        ).fetchall()
    }
    for load_id in sorted(in_lake - in_table):
        doomed = staging / f"removed-{uuid.uuid4().hex}"
        os.rename(partition_dir(lake_dir, table, load_column, load_id), doomed)
        shutil.rmtree(doomed)
        result.removed.append((table, load_id))
    for load_id in sorted(in_table - in_lake):
        result.rows_written += _write_partition(con, lake_dir, staging, table, load_column, load_id)
        result.written.append((table, load_id))


def _write_partition(
    con: duckdb.DuckDBPyConnection,
    lake_dir: Path,
    staging: Path,
    table: str,
    load_column: str,
    load_id: str,
) -> int:
    pending = staging / f"{table}-{uuid.uuid4().hex}"
    pending.mkdir()
    order = "_line_number" if load_column == SOURCE_LOAD_COLUMN else "line_number"
    rows = con.execute(
        f"""
        copy (
            select * exclude ("{load_column}") from {RAW_SCHEMA}."{table}"
            where "{load_column}" = $load_id order by {order}
        ) to '{_sql_path(pending / DATA_FILE)}' (format parquet, compression zstd)
        """,
        {"load_id": load_id},
    ).fetchone()[0]
    # The rename is the moment the partition appears, whole.
    os.rename(pending, partition_dir(lake_dir, table, load_column, load_id))
    return rows


def _write_load_log(con: duckdb.DuckDBPyConnection, lake_dir: Path, staging: Path) -> None:
    pending = staging / f"{LOAD_LOG_TABLE}-{uuid.uuid4().hex}.parquet"
    con.execute(
        f"copy (select * from {RAW_SCHEMA}.{LOAD_LOG_TABLE} order by loaded_at, load_id) "
        f"to '{_sql_path(pending)}' (format parquet, compression zstd)"
    )
    folder = table_dir(lake_dir, LOAD_LOG_TABLE)
    folder.mkdir(parents=True, exist_ok=True)
    os.replace(pending, folder / DATA_FILE)  # atomic: readers see the old log or the new one


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def import_engine_tables(
    con: duckdb.DuckDBPyConnection,
    tables_dir: Path,
    relations: list[tuple[str, str]],
    declared_columns: dict[tuple[str, str], dict[str, str]] | None = None,
) -> dict[str, int]:
    """Bring tables another engine built as Parquet into `con`, replacing them whole.

    `tables_dir` is the engine's warehouse (Spark: `spark.sql.warehouse.dir`), a table's files
    under `<schema>.db/<table>/`; returns rows per `schema.table`. A table of no rows may have
    no file (Spark writes none for a seed of no rows): it is created empty from its
    `declared_columns` (name -> type), and without them it is an error. One transaction: the
    build file holds either every table of this build or none of them."""
    imported = {}
    declared_columns = declared_columns or {}
    con.execute("begin transaction")
    try:
        for schema, table in relations:
            folder = tables_dir / f"{schema}.db" / table
            files = sorted(folder.glob("*.parquet"))
            columns = declared_columns.get((schema, table))
            if not files and not columns:
                raise FileNotFoundError(f"{schema}.{table}: no Parquet files in {folder}")
            con.execute(f'create schema if not exists "{schema}"')
            if files:
                con.execute(
                    f'create or replace table "{schema}"."{table}" as '
                    "select * from read_parquet($files)",
                    {"files": [str(file) for file in files]},
                )
            else:
                definition = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
                con.execute(f'create or replace table "{schema}"."{table}" ({definition})')
            imported[f"{schema}.{table}"] = con.execute(
                f'select count(*) from "{schema}"."{table}"'
            ).fetchone()[0]
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return imported
