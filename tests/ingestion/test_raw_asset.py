"""The raw asset of a source loads its configured locations and retires the others."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingestion.sources import CONTRACTS
from orchestration.defs.extracts import build_landing_asset, build_raw_asset
from orchestration.defs.resources import WarehouseResource

HEADER = "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
CONTRACT = CONTRACTS["alimentos_entregas"]


def extract(path: Path, folio: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        f"{HEADER}\r\n{folio};23/05/2020;1;Atacama;Vallenar;6-K;Ana;Prat 1\r\n".encode("cp1252")
    )
    return str(path)


def refresh(monkeypatch: pytest.MonkeyPatch, locations: list[str]) -> dg.ExecuteInProcessResult:
    monkeypatch.setenv("HUASCO_SOURCE_ALIMENTOS_ENTREGAS", ";".join(locations))
    return dg.materialize(
        [build_landing_asset(CONTRACT), build_raw_asset(CONTRACT)],
        resources={"warehouse": WarehouseResource()},
    )


def test_same_named_files_both_load_and_an_unconfigured_one_is_retired(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUASCO_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("HUASCO_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("HUASCO_LOCAL_ROOTS", str(tmp_path))  # extracts may come from here
    north = extract(tmp_path / "norte" / "entregas.csv", 100001)
    south = extract(tmp_path / "sur" / "entregas.csv", 200001)
    database = tmp_path / "warehouse" / "build" / "huasco_build.duckdb"

    refresh(monkeypatch, [north, south])
    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select folio from raw.alimentos_entregas order by 1").fetchall() == [
            (100001,),
            (200001,),
        ]

    result = refresh(monkeypatch, [south])

    with duckdb.connect(str(database), read_only=True) as con:
        assert con.execute("select folio from raw.alimentos_entregas").fetchall() == [(200001,)]
        assert con.execute(
            "select location, retired_at is not null from raw.extract_loads order by location"
        ).fetchall() == [(north, True), (south, False)]
    [materialization] = [
        event.materialization
        for event in result.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey(["raw", CONTRACT.raw_table])
    ]
    assert materialization.metadata["retired_locations"].value == [north]
