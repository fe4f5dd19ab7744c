"""The published warehouse opens in the clients analysts have: DuckDB 1.x (CLI, JDBC) as well as
Python with DuckDB 2.x. Publishing writes an older storage version and must keep everything."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from ingestion import warehouse
from ingestion.loading import ensure_raw_schema
from tests.clients import cli_rows, duckdb_cli, python_rows
from tests.conftest import ANALYSES, PROJECT_ROOT


def catalog(database: Path) -> dict[str, list]:
    """Everything a database holds: schemas, types, tables and views (columns, constraints,
    comments, row count and a hash of the rows), macros and sequences. A view is compared by what
    it returns: copying rewrites its SQL text (redundant parentheses come and go)."""
    with duckdb.connect(str(database), read_only=True) as con:

        def rows(sql: str) -> list:
            return con.execute(sql).fetchall()

        def contents(relations: list) -> list:
            return [
                rows(f'select count(*), sum(hash(t)) from "{schema}"."{name}" as t')[0]
                for schema, name, _ in relations
            ]

        tables = rows("select schema_name, table_name, comment from duckdb_tables() order by all")
        views = rows(
            "select schema_name, view_name, comment from duckdb_views() "
            "where not internal order by all"
        )
        return {
            "schemas": rows(
                "select schema_name, comment from duckdb_schemas() where not internal order by all"
            ),
            "types": rows(
                "select schema_name, type_name, logical_type from duckdb_types() "
                "where not internal order by all"
            ),
            "tables": tables,
            "views": views,
            "columns": rows(
                "select schema_name, table_name, column_index, column_name, data_type, "
                "column_default, is_nullable, comment from duckdb_columns() order by all"
            ),
            "constraints": rows(
                "select schema_name, table_name, constraint_type, constraint_text "
                "from duckdb_constraints() order by all"
            ),
            "table contents": contents(tables),
            "view contents": contents(views),
            "macros": rows(
                "select schema_name, function_name, function_type, macro_definition "
                "from duckdb_functions() where not internal order by all"
            ),
            "sequences": rows(
                "select schema_name, sequence_name, increment_by, last_value "
                "from duckdb_sequences() order by all"
            ),
        }


def write_build(path: Path) -> None:
    """A build file with one of every kind of object and every column type the warehouse uses,
    and the load log every build has."""
    with duckdb.connect(str(path)) as con:
        ensure_raw_schema(con)
        con.execute(
            """
            create schema marts;
            create schema audit;
            create type marts.estado as enum ('otorgada', 'rechazada');
            create sequence audit.run_number start 5;
            create table audit.runs (
                run_number integer primary key default nextval('audit.run_number'),
                origen_datos varchar not null,
                published_at timestamptz,
                extracts map(varchar, varchar),
                lines bigint[],
                total hugeint,
                checksum ubigint,
                ratio double,
                share float,
                amount decimal(18, 2),
                fecha date,
                is_demo boolean,
                estado marts.estado,
                nothing "NULL"
            );
            insert into audit.runs (origen_datos, published_at, extracts, lines, total, checksum,
                ratio, share, amount, fecha, is_demo, estado)
            select 'DATOS DE DEMOSTRACIÓN', timestamptz '2026-11-29 02:00:00+00',
                map {'entregas.csv': 'sha256:ab'}, [i, i + 1],
                '1000000000000000000000000000000'::hugeint + i, i, i / 3, i / 7, i * 1.25,
                date '2020-01-01' + i::integer, i % 2 = 0,
                case when i % 3 = 0 then 'otorgada' end
            from range(3000) as r(i);
            comment on table audit.runs is 'corridas';
            comment on column audit.runs.origen_datos is 'demostración o reales';
            create view marts.runs_by_origin as
                select origen_datos, count(*) as runs from audit.runs group by all;
            create macro marts.per_thousand(part, whole) as round(1000.0 * part / whole, 1);
            create macro marts.runs_of(origin) as table
                select * from audit.runs where origen_datos = origin;
            """
        )


def test_publish_keeps_every_object_in_a_storage_version_1x_clients_read(tmp_path):
    build = tmp_path / "build" / "huasco_build.duckdb"
    build.parent.mkdir()
    write_build(build)
    published = tmp_path / "huasco.duckdb"

    warehouse.write_copy_in_storage_version(build, published, warehouse.publish_storage_version())

    assert catalog(published) == catalog(build)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build", "huasco.duckdb"]
    assert cli_rows(
        published,
        "select origen_datos, runs, marts.per_thousand(runs, 6000) from marts.runs_by_origin",
    ) == [("DATOS DE DEMOSTRACIÓN", "3000", 500.0)]
    assert cli_rows(
        published,
        "select count(*), sum(total), max(extracts['entregas.csv']) "
        "from marts.runs_of('DATOS DE DEMOSTRACIÓN')",
    ) == [("3000", str(3000 * 10**30 + sum(range(3000))), "sha256:ab")]


def test_publish_writes_the_configured_storage_version(tmp_path, monkeypatch):
    build = tmp_path / "huasco_build.duckdb"
    write_build(build)
    versions = {}
    for setting in ("v1.1.0", "v1.4.0"):
        monkeypatch.setenv("HUASCO_PUBLISH_STORAGE_VERSION", setting)
        published = tmp_path / f"{setting}.duckdb"
        warehouse.publish(build, published, "run-1")
        with duckdb.connect(str(published), read_only=True) as con:
            versions[setting] = con.execute(
                "select tags['storage_version'] from duckdb_databases() where not internal"
            ).fetchone()[0]
    # DuckDB names a file by the oldest release that reads it: v1.1.0 writes what v1.0.0 does.
    assert versions == {"v1.1.0": "v1.0.0+", "v1.4.0": "v1.4.0+"}
    assert warehouse.DEFAULT_PUBLISH_STORAGE_VERSION == "v1.1.0"


def test_a_build_file_is_born_in_the_publish_version_and_published_byte_for_byte(tmp_path):
    build = tmp_path / "build" / "huasco_build.duckdb"
    with warehouse.connect(build) as con:
        ensure_raw_schema(con)
    write_build(build)  # into the file the warehouse created
    before = build.read_bytes()
    published = tmp_path / "huasco.duckdb"

    warehouse.publish(build, published, "run-1")

    assert build.read_bytes() == before  # not rewritten: already in the publish version
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from audit.refresh_runs").fetchone() == (1,)
    built, copied = catalog(build), catalog(published)
    contents = dict(zip(copied["tables"], copied["table contents"], strict=True))
    assert [contents[table] for table in built["tables"]] == built["table contents"]
    assert cli_rows(published, "select count(*) from marts.runs_by_origin") == [("1",)]


def test_a_build_file_of_another_version_is_rewritten_once_keeping_everything(tmp_path):
    build = tmp_path / "build" / "huasco_build.duckdb"
    build.parent.mkdir()
    write_build(build)  # DuckDB 2.x's own version, as build files made before the setting
    everything = catalog(build)

    warehouse.publish(build, tmp_path / "huasco.duckdb", "run-1")
    rewritten = build.read_bytes()
    warehouse.publish(build, tmp_path / "huasco.duckdb", "run-2")

    assert catalog(build) == everything
    assert build.read_bytes() == rewritten  # the second publish only copies
    assert sorted(path.name for path in build.parent.iterdir()) == ["huasco_build.duckdb"]
    assert cli_rows(tmp_path / "huasco.duckdb", "select count(*) from audit.runs") == [("3000",)]


def test_an_unknown_storage_version_fails_and_keeps_the_published_file(tmp_path, monkeypatch):
    build = tmp_path / "build" / "huasco_build.duckdb"
    build.parent.mkdir()
    write_build(build)
    published = tmp_path / "huasco.duckdb"
    warehouse.publish(build, published, "run-1")
    before = published.read_bytes()

    monkeypatch.setenv("HUASCO_PUBLISH_STORAGE_VERSION", "v9.9.9")
    with pytest.raises(ValueError, match=re.escape("HUASCO_PUBLISH_STORAGE_VERSION='v9.9.9'")):
        warehouse.publish(build, published, "run-1")

    assert published.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["build", "huasco.duckdb"]


@pytest.mark.e2e
def test_the_published_warehouse_holds_everything_the_build_holds(refreshed):
    build = refreshed["root"] / "warehouse" / "build" / "huasco_build.duckdb"
    published = catalog(refreshed["published"])
    assert published["tables"] and published["views"]
    assert published == catalog(build)


@pytest.mark.e2e
@pytest.mark.parametrize("analysis", ANALYSES, ids=[a.stem for a in ANALYSES])
def test_the_cli_answers_each_example_question_like_python(analysis, compiled, refreshed):
    sql = (compiled / analysis.name).read_text(encoding="utf-8")
    rows = cli_rows(refreshed["published"], sql)
    assert rows, f"{analysis.name} returned no rows in the CLI"
    assert rows == python_rows(refreshed["published"], sql)


def make_sql(published: Path, statements: str) -> subprocess.CompletedProcess:
    """`make sql` as an analyst types it, with the statements piped in."""
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "-o", ".venv/.installed-stamp", "sql"],
        input=statements,
        cwd=PROJECT_ROOT,
        env={**os.environ, "HUASCO_WAREHOUSE_DIR": str(published.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.e2e
def test_make_sql_opens_the_published_warehouse_read_only_with_marts_on_the_path(refreshed):
    duckdb_cli()
    # The statements the README gives analysts, and tables named without their schema.
    completed = make_sql(
        refreshed["published"],
        ".tables\n"
        "select published_at, origen_datos from refresh_runs;\n"
        "select status, count(*) from reconciliation group by status;\n"
        "select count(*) as comunas_huasco from comunas where cut_provincia = '033';\n"
        "select count(*) as entregas from alimentos_entregas;\n",
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    assert "alimentos_entregas" in completed.stdout and "published_figures" in completed.stdout
    assert "DATOS DE DEMOSTRACIÓN" in completed.stdout and "match" in completed.stdout

    refused = make_sql(refreshed["published"], "create table marts.notas (texto varchar);\n")
    assert refused.returncode != 0 and "read-only" in refused.stderr
