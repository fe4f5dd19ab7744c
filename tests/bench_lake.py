"""Benchmark: should DuckDB keep its raw schema, or read the Parquet lake directly?

    .venv/bin/python -m tests.bench_lake <build file> <lake folder> [--repeat 2]

Takes a refreshed build file and its lake (ingestion/lake.py) and times a full `dbt build`
on two copies of the build file: one as the refresh leaves it (raw tables), one whose raw
tables are replaced by views over the lake's Parquet files (what "DuckDB reads the lake"
would be). The two run alternately, so background load hits both alike; both must compute the
same `audit.computed_figures`. Also times the lake sync itself from scratch (what every load
adds to the refresh).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from ingestion import lake
from ingestion.settings import PROJECT_ROOT

RAW_TABLES = "raw tables"
LAKE_VIEWS = "views over the lake"


def read_lake_instead(database: Path, lake_dir: Path) -> None:
    """Replace every raw table of `database` by a view over its Parquet in the lake."""
    with duckdb.connect(str(database)) as con:
        for table, load_column in lake.partitioned_tables(con).items():
            columns = [row[0] for row in con.execute(f'describe raw."{table}"').fetchall()]
            empty = con.execute(f'select count(*) = 0 from raw."{table}"').fetchone()[0]
            if empty:  # no partition to read: an empty table is what the lake says
                continue
            glob = lake.table_dir(lake_dir, table) / "*" / lake.DATA_FILE
            con.execute(f'drop table raw."{table}"')
            con.execute(
                f'create view raw."{table}" as select '
                + ", ".join(f'"{column}"' for column in columns)
                + f" from read_parquet('{glob}', hive_partitioning = true, "
                f"hive_types = {{'{load_column}': varchar}})"
            )
        log = lake.table_dir(lake_dir, lake.LOAD_LOG_TABLE) / lake.DATA_FILE
        con.execute(f"drop table raw.{lake.LOAD_LOG_TABLE}")
        con.execute(f"create view raw.{lake.LOAD_LOG_TABLE} as select * from read_parquet('{log}')")


def dbt_build(database: Path, work: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "dbt"), "build", "--quiet", "--profiles-dir", ".",
         "--project-dir", ".", "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        cwd=PROJECT_ROOT / "dbt_project",
        env={**os.environ, "HUASCO_BUILD_DATABASE": str(database), "DBT_LOG_LEVEL_FILE": "none"},
        capture_output=True,
        text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(completed.stdout[-3000:] + completed.stderr[-3000:])
    return seconds


def computed_figures(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select * from audit.computed_figures order by all").fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("build_database", type=Path)
    parser.add_argument("lake_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huasco-bench-lake-") as directory:
        work = Path(directory)
        copy = work / "sync.duckdb"
        shutil.copyfile(args.build_database, copy)
        with duckdb.connect(str(copy)) as con:
            started = time.perf_counter()
            synced = lake.sync_lake(con, work / "lake")
            sync_s = time.perf_counter() - started
        print(f"lake sync from scratch: {sync_s:.2f} s, {synced.rows_written:,} rows")
        times: dict[str, list[float]] = {RAW_TABLES: [], LAKE_VIEWS: []}
        databases = {}
        for repeat in range(args.repeat):
            order = [RAW_TABLES, LAKE_VIEWS] if repeat % 2 == 0 else [LAKE_VIEWS, RAW_TABLES]
            for kind in order:
                database = work / f"{kind.replace(' ', '_')}.duckdb"
                shutil.copyfile(args.build_database, database)
                if kind == LAKE_VIEWS:
                    read_lake_instead(database, args.lake_dir)
                times[kind].append(dbt_build(database, work))
                databases[kind] = database
                print(f"dbt build, {kind}: {times[kind][-1]:.1f} s", flush=True)
        same = computed_figures(databases[RAW_TABLES]) == computed_figures(databases[LAKE_VIEWS])
        print(f"same audit.computed_figures: {same}")
        print("\n| raw read from | dbt build (s), each run | best (s) |\n|---|---|---|")
        for kind, seconds in times.items():
            runs = ", ".join(f"{s:.1f}" for s in seconds)
            print(f"| {kind} | {runs} | {min(seconds):.1f} |")


if __name__ == "__main__":
    main()
