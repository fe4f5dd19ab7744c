"""The same dbt project on Spark (the `spark` target, local PySpark) builds the same marts as
on DuckDB, row for row, from the same raw layer: the session's refreshed warehouse on one side,
its raw tables as the Parquet lake read by Spark on the other.

Needs Java and the `spark` extra (`make spark-deps`); skipped without them. One dbt run on
Spark (seeds and models, one JVM); the dbt tests already ran on DuckDB in the refresh. Also,
on a lake of its own (no refresh needed): a raw table with no rows reads as empty on Spark."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from ingestion.lake import sync_lake, table_dir
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.settings import PROJECT_ROOT
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS
from tests.conftest import run_dbt

pytest.importorskip("pyspark", reason="the spark extra is not installed (make spark-deps)")
pytest.importorskip("dbt.adapters.spark", reason="the spark extra is not installed")


def _java_runs() -> bool:
    java = shutil.which("java")
    if java is None:
        return False
    return subprocess.run([java, "-version"], capture_output=True).returncode == 0


pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not _java_runs(), reason="no Java runtime for Spark"),
]

# Sums of doubles may add up in another order on each engine: floating-point columns are
# compared rounded to this many decimals. Every other type is compared exactly.
FLOAT_DECIMALS = 9
FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL"}
SHOWN_DIFFERENCES = 5


@pytest.fixture(scope="module")
def spark_build(refreshed, tmp_path_factory) -> dict[str, Path]:
    """The marts built on Spark from the refreshed warehouse's raw layer as Parquet."""
    work = tmp_path_factory.mktemp("spark")
    lake_dir = work / "lake"
    with duckdb.connect(str(refreshed["published"]), read_only=True) as con:
        assert sync_lake(con, lake_dir).tables, "no raw table to put in the lake"
    completed = run_dbt(
        ["build", "--target", "spark", "--exclude-resource-type", "test"],
        refreshed["published"],  # unused by the spark target
        work,
        env={"HUASCO_LAKE_DIR": str(lake_dir), "HUASCO_SPARK_DIR": str(work / "spark")},
    )
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-3000:]
    return {"work": work, "tables": work / "spark" / "tables"}


def mart_relations(manifest_path: Path) -> list[tuple[str, str]]:
    """(schema, table) of every model under models/marts/, audit.computed_figures included."""
    manifest = json.loads(manifest_path.read_text())
    return sorted(
        (node["schema"], node["alias"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["path"].startswith("marts/")
    )


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in con.execute(f"describe {relation}").fetchall()]


def _comparable(columns: list[tuple[str, str]], other: list[tuple[str, str]]) -> str:
    expressions = []
    for (name, sql_type), (_, other_type) in zip(columns, other, strict=True):
        if sql_type in FLOAT_TYPES or other_type in FLOAT_TYPES:
            expressions.append(f"round(cast({name} as double), {FLOAT_DECIMALS}) as {name}")
        else:
            expressions.append(name)
    return ", ".join(expressions)


def test_every_mart_is_the_same_on_spark_and_duckdb(refreshed, spark_build):
    relations = mart_relations(spark_build["work"] / "target" / "manifest.json")
    assert ("audit", "computed_figures") in relations
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{refreshed['published']}' as duck (read_only)")
    differences, rows_compared = [], 0
    for schema, table in relations:
        duck = f"duck.{schema}.{table}"
        spark_files = spark_build["tables"] / f"{schema}.db" / table
        con.execute(
            f"create or replace temp view spark_side as "
            f"select * from read_parquet('{spark_files}/part-*.parquet')"
        )
        duck_columns, spark_columns = _columns(con, duck), _columns(con, "spark_side")
        if [name for name, _ in duck_columns] != [name for name, _ in spark_columns]:
            differences.append(f"{schema}.{table}: columns {duck_columns} vs {spark_columns}")
            continue
        duck_rows = f"select {_comparable(duck_columns, spark_columns)} from {duck}"
        spark_rows = f"select {_comparable(spark_columns, duck_columns)} from spark_side"
        only_duck = con.execute(f"{duck_rows} except all {spark_rows}").fetchall()
        only_spark = con.execute(f"{spark_rows} except all {duck_rows}").fetchall()
        rows_compared += con.execute(f"select count(*) from {duck}").fetchone()[0]
        if only_duck or only_spark:
            differences.append(
                f"{schema}.{table}: {len(only_duck)} rows only on DuckDB "
                f"{sorted(only_duck, key=repr)[:SHOWN_DIFFERENCES]}, {len(only_spark)} only on "
                f"Spark {sorted(only_spark, key=repr)[:SHOWN_DIFFERENCES]}"
            )
    assert not differences, "\n".join(differences)
    assert rows_compared > 0


def test_a_raw_table_with_no_rows_registers_and_reads_as_empty(tmp_path):
    """A raw table with no load has an empty folder in the lake, no file to infer a schema
    from: Spark declares it from the source's columns and reads 0 rows, beside a table that has
    a load, read through its partition."""
    extract = tmp_path / "entregas.csv"
    extract.write_bytes(
        "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN\r\n"
        "100001;23/05/2020;1;Atacama;Vallenar;6-K;A;B\r\n"
        "100002;31/06/2020;1;Atacama;Huasco;6-K;A;B\r\n".encode("cp1252")
    )
    landed = LandedExtract(
        source=ALIMENTOS_ENTREGAS.source,
        location=str(extract),
        file_name=extract.name,
        path=str(extract),
        sha256=hashlib.sha256(extract.read_bytes()).hexdigest(),
        size_bytes=extract.stat().st_size,
        landed_at="2020-06-01T12:00:00+00:00",
        is_demo=True,
        status="new",
    )
    lake_dir = tmp_path / "lake"
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        result = load_extract(con, landed, ALIMENTOS_ENTREGAS, "clave-de-prueba")
        assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
        sync_lake(con, lake_dir)
    # The contracts never loaded: the folder a sync leaves for a table with no rows.
    for folder in ("stop_casos", "stop_umbrales"):
        table_dir(lake_dir, folder).mkdir(parents=True)
    env = {"HUASCO_LAKE_DIR": str(lake_dir), "HUASCO_SPARK_DIR": str(tmp_path / "spark")}
    registered = run_dbt(
        ["run-operation", "register_lake_sources", "--target", "spark"], tmp_path, tmp_path, env
    )
    assert registered.returncode == 0, registered.stdout[-5000:] + registered.stderr[-3000:]
    counts = (
        "select (select count(*) from {{ source('stop', 'casos') }}) as casos, "
        "(select count(*) from {{ source('alimentos', 'entregas') }}) as entregas, "
        "(select count(*) from {{ source('ingestion', 'quarantine') }}) as quarantine, "
        "(select count(*) from {{ source('ingestion', 'extract_loads') }}) as extract_loads"
    )
    shown = run_dbt(
        ["show", "--target", "spark", "--inline", counts, "--output", "json", "--quiet"],
        tmp_path,
        tmp_path,
        env,
    )
    assert shown.returncode == 0, shown.stdout[-5000:] + shown.stderr[-3000:]
    assert json.loads(shown.stdout)["show"] == [
        {"casos": 0, "entregas": 1, "quarantine": 1, "extract_loads": 1}
    ]


def test_a_source_column_without_data_type_stops_the_registration(tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(
        PROJECT_ROOT / "dbt_project", project, ignore=shutil.ignore_patterns("target", "logs")
    )
    sources = project / "models" / "staging" / "stop" / "_stop__sources.yml"
    text = sources.read_text(encoding="utf-8")
    column, typed = "          - name: provincia\n", "            data_type: string\n"
    start = text.index(column)
    end = text.index(typed, start) + len(typed)
    sources.write_text(text[:start] + text[start:end].replace(typed, "") + text[end:])
    completed = run_dbt(
        ["run-operation", "register_lake_sources", "--target", "spark"],
        tmp_path,
        tmp_path,
        {"HUASCO_LAKE_DIR": str(tmp_path / "lake"), "HUASCO_SPARK_DIR": str(tmp_path / "spark")},
        project_dir=project,
    )
    assert completed.returncode != 0
    assert "source stop.casos, column provincia: no data_type" in completed.stdout
