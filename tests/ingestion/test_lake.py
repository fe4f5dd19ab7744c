"""The raw layer as Parquet (ingestion/lake.py): in step with raw after every load, never half."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from ingestion import lake
from ingestion.landing import LandedExtract
from ingestion.loading import LoadResult, load_extract, retire_unconfigured
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS

KEY = "clave-de-prueba"
HEADER = "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
VALID = "100.001;23/05/2020;1;Atacama;Chañaral;12.345.678-5;Zenobia Quispe Ulloa;Calle Secreta 4321"
SECOND = "100002;24/05/2020;1;Atacama;Vallenar;6-K;A;B"
BAD_DATE = "100003;31/06/2020;1;Atacama;Huasco;6-K;A;B"
TABLE = ALIMENTOS_ENTREGAS.raw_table

Connection = duckdb.DuckDBPyConnection


@pytest.fixture
def load(con: Connection, landed_from: Callable[..., LandedExtract]) -> Callable[..., LoadResult]:
    def run(path: Path, location: str | None = None) -> LoadResult:
        landed = landed_from(path)
        if location is not None:
            landed = replace(landed, location=location)
        return load_extract(con, landed, ALIMENTOS_ENTREGAS, KEY)

    return run


@pytest.fixture
def lake_dir(tmp_path: Path) -> Path:
    return tmp_path / "lake"


def partitions(lake_dir: Path, table: str) -> set[str]:
    folder = lake.table_dir(lake_dir, table)
    return {entry.name for entry in folder.iterdir()} if folder.exists() else set()


def read(lake_dir: Path, table: str, columns: str, order: str) -> list[tuple]:
    """What an engine reading the lake sees (a fresh DuckDB, Hive partitioning)."""
    load_column = "load_id" if table == "quarantine" else "_load_id"
    glob = lake.table_dir(lake_dir, table) / "*" / "*.parquet"
    with duckdb.connect() as reader:
        return reader.execute(
            f"select {columns} from read_parquet('{glob}', hive_partitioning = true, "
            f"hive_types = {{'{load_column}': varchar}}) order by {order}"
        ).fetchall()


def test_a_load_is_written_as_its_own_partition_with_the_raw_columns_and_types(
    con: Connection, load, write_extract, lake_dir: Path
) -> None:
    result = load(write_extract("e.csv", [HEADER, VALID, SECOND, BAD_DATE]))

    synced = lake.sync_lake(con, lake_dir)

    assert sorted(synced.written) == [(TABLE, result.load_id), ("quarantine", result.load_id)]
    assert synced.removed == []
    assert synced.rows_written == 3
    assert partitions(lake_dir, TABLE) == {f"_load_id={result.load_id}"}
    assert partitions(lake_dir, "quarantine") == {f"load_id={result.load_id}"}
    assert read(lake_dir, TABLE, "folio, _load_id, _line_number", "folio") == [
        (100001, result.load_id, 2),
        (100002, result.load_id, 3),
    ]
    assert read(lake_dir, "quarantine", "line_number, load_id", "1") == [(4, result.load_id)]
    # Same columns and types as raw, the load column read back from the folder name.
    in_lake = (
        duckdb.connect()
        .execute(
            "describe select * from read_parquet(?, hive_partitioning = true, "
            "hive_types = {'_load_id': varchar})",
            [str(lake.table_dir(lake_dir, TABLE) / "*" / "*.parquet")],
        )
        .fetchall()
    )
    in_raw = con.execute(f"describe raw.{TABLE}").fetchall()
    assert sorted((c[0], c[1]) for c in in_lake) == sorted((c[0], c[1]) for c in in_raw)
    log = lake.table_dir(lake_dir, "extract_loads") / lake.DATA_FILE
    assert duckdb.connect().execute(
        "select load_id, rows_loaded, rows_quarantined from read_parquet(?)", [str(log)]
    ).fetchall() == [(result.load_id, 2, 1)]


def test_a_second_sync_changes_nothing(con: Connection, load, write_extract, lake_dir) -> None:
    load(write_extract("e.csv", [HEADER, VALID, BAD_DATE]))
    lake.sync_lake(con, lake_dir)
    data = next(lake.table_dir(lake_dir, TABLE).glob("*/*.parquet"))
    written_at = data.stat().st_mtime_ns

    again = lake.sync_lake(con, lake_dir)

    assert not again.changed
    assert again.rows_written == 0
    assert data.stat().st_mtime_ns == written_at  # not rewritten
    assert sorted(again.tables) == ["alimentos_entregas", "extract_loads", "quarantine"]


def test_a_replaced_load_leaves_the_lake_and_the_new_one_arrives(
    con: Connection, load, write_extract, lake_dir
) -> None:
    old = load(write_extract("v1/e.csv", [HEADER, VALID, BAD_DATE]), location="oficina/e.csv")
    other = load(write_extract("otro.csv", [HEADER, SECOND]))
    lake.sync_lake(con, lake_dir)

    new = load(
        write_extract("v2/e.csv", [HEADER, BAD_DATE.replace("31/06", "30/06")]), "oficina/e.csv"
    )
    synced = lake.sync_lake(con, lake_dir)

    assert sorted(synced.removed) == [(TABLE, old.load_id), ("quarantine", old.load_id)]
    assert synced.written == [(TABLE, new.load_id)]
    assert partitions(lake_dir, TABLE) == {f"_load_id={other.load_id}", f"_load_id={new.load_id}"}
    assert partitions(lake_dir, "quarantine") == set()
    assert read(lake_dir, TABLE, "folio", "1") == [(100002,), (100003,)]
    log = lake.table_dir(lake_dir, "extract_loads") / lake.DATA_FILE
    assert (
        duckdb.connect().execute("select count(*) from read_parquet(?)", [str(log)]).fetchone()[0]
        == 3
    )  # the log keeps every load, replaced ones too


def test_a_retired_location_leaves_the_lake(con: Connection, load, write_extract, lake_dir):
    demo = load(write_extract("demo/e.csv", [HEADER, VALID, BAD_DATE]))
    real_path = write_extract("real/e.csv", [HEADER, SECOND])
    real = load(real_path)
    lake.sync_lake(con, lake_dir)

    retire_unconfigured(con, ALIMENTOS_ENTREGAS, [str(real_path)])
    synced = lake.sync_lake(con, lake_dir)

    assert sorted(synced.removed) == [(TABLE, demo.load_id), ("quarantine", demo.load_id)]
    assert partitions(lake_dir, TABLE) == {f"_load_id={real.load_id}"}
    assert read(lake_dir, TABLE, "folio", "1") == [(100002,)]
    log = lake.table_dir(lake_dir, "extract_loads") / lake.DATA_FILE
    assert duckdb.connect().execute(
        "select load_id from read_parquet(?) where retired_at is not null", [str(log)]
    ).fetchall() == [(demo.load_id,)]


def test_a_crash_while_writing_leaves_no_partition_and_the_next_sync_mends_it(
    con: Connection, load, write_extract, lake_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = load(write_extract("e.csv", [HEADER, VALID, SECOND]))

    def crash(source, destination):  # the file is written, the process dies before the rename
        assert (Path(source) / lake.DATA_FILE).stat().st_size > 0
        raise KeyboardInterrupt

    monkeypatch.setattr(lake.os, "rename", crash)
    monkeypatch.setattr(lake.shutil, "rmtree", lambda *a, **k: None)  # killed: no cleanup
    with pytest.raises(KeyboardInterrupt):
        lake.sync_lake(con, lake_dir)
    monkeypatch.undo()

    assert partitions(lake_dir, TABLE) == set()  # nothing a reader would pick up
    assert list(lake.raw_dir(lake_dir).rglob("*.parquet")) == []
    assert len(list((lake_dir / lake.STAGING_FOLDER).rglob("*.parquet"))) == 1  # the debris

    mended = lake.sync_lake(con, lake_dir)

    assert mended.written == [(TABLE, result.load_id)]
    assert read(lake_dir, TABLE, "folio", "1") == [(100001,), (100002,)]
    assert not (lake_dir / lake.STAGING_FOLDER).exists()


def test_tables_another_engine_built_replace_theirs_in_one_transaction(
    con: Connection, tmp_path: Path
) -> None:
    tables_dir = tmp_path / "spark" / "tables"
    for name, rows in {"a": 3, "b": 0}.items():
        folder = tables_dir / "marts.db" / name
        folder.mkdir(parents=True)
        duckdb.connect().execute(
            f"copy (select range as n, 'x' || range as s from range({rows})) "
            f"to '{folder / 'part-00000-1.snappy.parquet'}' (format parquet)"
        )
    (tables_dir / "marts.db" / "a" / "_SUCCESS").touch()
    con.execute("create schema marts")
    con.execute("create table marts.a as select 99 as n")

    imported = lake.import_engine_tables(con, tables_dir, [("marts", "a"), ("marts", "b")])

    assert imported == {"marts.a": 3, "marts.b": 0}
    assert con.execute("select n, s from marts.a order by n").fetchall() == [
        (0, "x0"), (1, "x1"), (2, "x2")
    ]  # fmt: skip
    assert con.execute("describe marts.b").fetchall()[1][:2] == ("s", "VARCHAR")

    con.execute("create or replace table marts.a as select 99 as n")
    with pytest.raises(FileNotFoundError, match=r"marts\.missing: no Parquet files"):
        lake.import_engine_tables(con, tables_dir, [("marts", "a"), ("marts", "missing")])
    assert con.execute("select n from marts.a").fetchall() == [(99,)]  # rolled back


def test_a_table_with_no_file_is_created_empty_from_its_declared_columns(
    con: Connection, tmp_path: Path
) -> None:
    tables_dir = tmp_path / "spark" / "tables"
    (tables_dir / "audit.db" / "register").mkdir(parents=True)  # a seed of no rows on Spark

    imported = lake.import_engine_tables(
        con,
        tables_dir,
        [("audit", "register")],
        {("audit", "register"): {"check_id": "string", "expected": "double", "on": "date"}},
    )

    assert imported == {"audit.register": 0}
    assert [row[:2] for row in con.execute("describe audit.register").fetchall()] == [
        ("check_id", "VARCHAR"), ("expected", "DOUBLE"), ("on", "DATE")
    ]  # fmt: skip
