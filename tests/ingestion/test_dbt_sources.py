"""The dbt source YAML of the raw tables is generated from the contracts and stays in step."""

from __future__ import annotations

import shutil

import yaml

from ingestion import dbt_sources
from ingestion.loading import (
    EXTRACT_LOADS_COLUMNS,
    LINEAGE_COLUMNS,
    QUARANTINE_COLUMNS,
    SQL_TYPES,
)
from ingestion.sources import CONTRACTS


def test_committed_source_yaml_is_what_the_contracts_generate():
    stale = dbt_sources.out_of_step()
    assert not stale, (
        f"{[str(p) for p in stale]} out of step with ingestion/sources/: "
        "run `python -m ingestion.dbt_sources` and commit the result"
    )


def test_every_contract_column_and_lineage_column_is_described():
    tables = {}
    for text in dbt_sources.rendered().values():
        for source in yaml.safe_load(text)["sources"]:
            for table in source["tables"]:
                tables[table.get("identifier", table["name"])] = table
    assert set(tables) == {contract.raw_table for contract in CONTRACTS.values()}
    for contract in CONTRACTS.values():
        columns = {c["name"]: c["description"] for c in tables[contract.raw_table]["columns"]}
        expected = [c.loaded_name for c in contract.loaded_columns] + list(LINEAGE_COLUMNS)
        assert list(columns) == expected, contract.source
        assert all(columns.values()), contract.source


def test_every_raw_column_has_the_portable_name_of_its_duckdb_type():
    """Spark declares the lake's tables with these types (macros/spark_sources.sql): they must
    be what the loader's raw tables, and so their Parquet files, hold."""
    assert dbt_sources.portable_type("VARCHAR") == "string"
    assert dbt_sources.portable_type("timestamptz not null") == "timestamp"
    assert dbt_sources.portable_type("BIGINT") == "bigint"
    tables = {}
    for path in dbt_sources.source_files():
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                tables[table.get("identifier", table["name"])] = {
                    c["name"]: c.get("data_type") for c in table.get("columns", [])
                }
    for contract in CONTRACTS.values():
        raw = {c.loaded_name: SQL_TYPES[c.kind] for c in contract.loaded_columns}
        expected = {n: dbt_sources.portable_type(t) for n, t in (raw | LINEAGE_COLUMNS).items()}
        assert tables[contract.raw_table] == expected, contract.source
    # The load log and the quarantine are described by hand.
    for table, columns in [
        ("extract_loads", EXTRACT_LOADS_COLUMNS),
        ("quarantine", QUARANTINE_COLUMNS),
    ]:
        expected = {name: dbt_sources.portable_type(t) for name, t in columns.items()}
        assert tables[table] == expected, table


def test_a_changed_contract_makes_the_yaml_out_of_step(tmp_path):
    staging = tmp_path / "staging"
    shutil.copytree(dbt_sources.STAGING_DIR, staging)
    assert dbt_sources.out_of_step(staging) == []
    path = staging / "stop" / "_stop__sources.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Semana ISO del año (1 a 53).", "Semana."),
        encoding="utf-8",
    )
    assert dbt_sources.out_of_step(staging) == [path]


def test_hand_written_prose_is_kept_and_a_new_contract_gets_its_own_file(tmp_path):
    staging = tmp_path / "staging"
    shutil.copytree(dbt_sources.STAGING_DIR, staging)
    stop = staging / "stop" / "_stop__sources.yml"
    stop.write_text(
        stop.read_text(encoding="utf-8").replace(
            "Exportaciones del Sistema", "Exportes del Sistema"
        ),
        encoding="utf-8",
    )
    (staging / "seguridad_publica" / "_seguridad_publica__sources.yml").unlink()
    files = dbt_sources.rendered(staging)
    assert "Exportes del Sistema" in files[stop]
    new = staging / "seguridad_sesiones" / "_seguridad_sesiones__sources.yml"
    [source] = yaml.safe_load(files[new])["sources"]
    assert source["name"] == "seguridad_sesiones"
    assert source["tables"][0]["name"] == "seguridad_sesiones"
