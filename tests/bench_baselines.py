"""What the same work costs without the pipeline, for `make bench` to report ratios.

- `duckdb_load`: DuckDB alone reads every extract (CSV with `read_csv`, workbooks through
  calamine into Arrow) into a table of text columns: the floor of loading.
- `pandas_load`: the usual script, pandas reading each file as text and DuckDB storing it.
- `compiled_sql`: the project's own SQL as dbt compiled it (seeds, every model materialised
  as dbt does, every test counted), run in dbt's order in one DuckDB connection over a copy
  of the raw layer: the floor of the dbt build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineWorkbook

from ingestion.settings import PROJECT_ROOT

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


def extract_files(demo_dir: Path) -> list[Path]:
    return sorted(p for p in demo_dir.rglob("*") if p.suffix in (".csv", ".xlsx"))


def _text_encoding(path: Path) -> str:
    head = path.read_bytes()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def _workbook_table(path: Path) -> pa.Table:
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header, rows = [str(name) for name in sheet[0]], sheet[1:]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    return pa.table(
        {
            f"c{index}_{name}": pa.array(["" if v is None else str(v) for v in values])
            for index, (name, values) in enumerate(zip(header, columns, strict=True))
        }
    )


def duckdb_load(demo_dir: Path, database: Path) -> tuple[float, int]:
    """Seconds and rows: DuckDB alone reading every extract into text tables."""
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(str(database)) as con:
        for index, path in enumerate(extract_files(demo_dir)):
            table = f"extract_{index}"
            if path.suffix == ".csv":
                con.execute(
                    f"create table {table} as select * from read_csv(?, delim = ';', "
                    "header = true, all_varchar = true, encoding = ?, strict_mode = false, "
                    "null_padding = true, ignore_errors = true)",
                    [str(path), _text_encoding(path)],
                )
            else:
                con.register("workbook", _workbook_table(path))
                con.execute(f"create table {table} as select * from workbook")
                con.unregister("workbook")
            [(count,)] = con.execute(f"select count(*) from {table}").fetchall()
            rows += count
    return time.perf_counter() - started, rows


def pandas_load(demo_dir: Path, database: Path) -> tuple[float, int]:
    """Seconds and rows: pandas reading each file as text, DuckDB storing the frame."""
    started = time.perf_counter()
    rows = 0
    with duckdb.connect(str(database)) as con:
        for index, path in enumerate(extract_files(demo_dir)):
            if path.suffix == ".csv":
                frame = pd.read_csv(
                    path,
                    sep=";",
                    dtype=str,
                    encoding=_text_encoding(path),
                    on_bad_lines="skip",
                )
            else:
                frame = pd.read_excel(path, engine="calamine", dtype=str)
            frame.columns = [f"c{i}" for i in range(len(frame.columns))]
            con.execute(f"create table extract_{index} as select * from frame")
            rows += len(frame)
    return time.perf_counter() - started, rows


def compile_project(build_database: Path, target: Path) -> dict:
    """The manifest with every node's compiled SQL, compiled against the build file."""
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "compile", "--quiet", "--profiles-dir", ".",
         "--project-dir", ".", "--target-path", str(target), "--log-path", str(target / "logs")],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "HUASCO_BUILD_DATABASE": str(build_database)},
        capture_output=True,
        text=True,
    )  # fmt: skip
    if completed.returncode:
        raise RuntimeError(f"dbt compile failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads((target / "manifest.json").read_text(encoding="utf-8"))


def _in_dbt_order(manifest: dict) -> list[dict]:
    nodes = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] in ("seed", "model", "test")
    }
    graph = {
        uid: [dep for dep in node["depends_on"].get("nodes", []) if dep in nodes]
        for uid, node in nodes.items()
    }
    return [nodes[uid] for uid in TopologicalSorter(graph).static_order()]


def compiled_sql(manifest: dict, build_database: Path, work: Path) -> tuple[float, int]:
    """Seconds and statements: the compiled project run by DuckDB alone, in dbt's order,
    over a copy of the build file (its raw layer is what dbt reads)."""
    database = work / build_database.name  # the same catalog name the compiled SQL uses
    shutil.copyfile(build_database, database)
    statements = 0
    started = time.perf_counter()
    with duckdb.connect(str(database)) as con:
        for node in _in_dbt_order(manifest):
            if node["resource_type"] == "test":
                con.execute(f"select count(*) from ({node['compiled_code']}) as failures")
                statements += 1
                continue
            relation = f'"{node["schema"]}"."{node.get("alias") or node["name"]}"'
            con.execute(f'create schema if not exists "{node["schema"]}"')
            if node["resource_type"] == "seed":
                seed = DBT_PROJECT_DIR / node["original_file_path"]
                con.execute(f"create or replace table {relation} as select * from read_csv(?)", [
                    str(seed)
                ])  # fmt: skip
            else:
                kind = "view" if node["config"]["materialized"] == "view" else "table"
                con.execute(f"create or replace {kind} {relation} as {node['compiled_code']}")
            statements += 1
    return time.perf_counter() - started, statements


def reconciliation_sql(build_database: Path) -> float:
    """Seconds: every published figure beside its computed value, compared in one query."""
    started = time.perf_counter()
    with duckdb.connect(str(build_database), read_only=True) as con:
        con.execute(
            """
            select published.edition_id, published.figure_id,
                abs(published.value - computed.computed_value) < 1e-6 as coincide
            from audit.published_figures as published
            left join audit.computed_figures as computed
                on published.edition_id = computed.edition_id
                and published.figure_id = computed.figure_id
            """
        ).fetchall()
    return time.perf_counter() - started


def peak_rss_mib() -> float:
    """This process's own peak (VmHWM: getrusage would count the parent it was forked from)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """python -m tests.bench_baselines DEMO_DIR BUILD_DATABASE WORK_DIR: prints one JSON line."""
    demo_dir, build_database, work = (Path(argument).resolve() for argument in sys.argv[1:4])
    work.mkdir(parents=True, exist_ok=True)
    load_seconds, load_rows = duckdb_load(demo_dir, work / "duckdb_load.duckdb")
    pandas_seconds, pandas_rows = pandas_load(demo_dir, work / "pandas_load.duckdb")
    manifest = compile_project(build_database, work / "target")
    sql_seconds, statements = compiled_sql(manifest, build_database, work)
    print(
        json.dumps(
            {
                "duckdb_load_s": load_seconds,
                "duckdb_load_rows": load_rows,
                "pandas_load_s": pandas_seconds,
                "pandas_load_rows": pandas_rows,
                "compiled_sql_s": sql_seconds,
                "compiled_sql_statements": statements,
                "reconciliation_sql_s": reconciliation_sql(work / build_database.name),
                "peak_rss_mib": peak_rss_mib(),
            }
        )
    )


if __name__ == "__main__":
    main()
