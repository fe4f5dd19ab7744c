"""A source behind a URL with a token, landed and loaded by the Dagster assets: the token is
used for the request and is nowhere in the manifest, the load log or the run's events."""

from __future__ import annotations

import dagster as dg
import duckdb

from ingestion.demo import alimentos_entregas
from ingestion.demo.common import DEMO_YEARS
from ingestion.settings import Settings
from orchestration.defs.extracts import build_landing_asset, build_raw_asset
from orchestration.defs.resources import WarehouseResource
from tests.conftest import instance_env

TOKEN = "s3cr3t-0123456789"


def test_a_tokened_source_lands_and_loads_without_its_token(http_server, tmp_path, monkeypatch):
    [food_file] = alimentos_entregas.generate(tmp_path / "demo", 1, year=DEMO_YEARS[0])
    http_server.serve(
        f"/entregas.csv?token={TOKEN}", http_server.Reply(body=food_file.read_bytes())
    )
    for name, value in instance_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv(
        "HUASCO_SOURCE_ALIMENTOS_ENTREGAS", http_server.url(f"/entregas.csv?token={TOKEN}")
    )
    monkeypatch.setenv("HUASCO_RUT_KEY", "una-clave-secreta-de-prueba")
    from ingestion.sources import CONTRACTS

    contract = CONTRACTS["alimentos_entregas"]

    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [build_landing_asset(contract), build_raw_asset(contract)],
            resources={"warehouse": WarehouseResource()},
            instance=instance,
        )
        events = [str(event) for event in instance.all_logs(result.run_id)]

    assert result.success
    assert http_server.requests[0].path == f"/entregas.csv?token={TOKEN}"
    settings = Settings.from_env()
    manifest = (settings.landing_dir / "alimentos_entregas" / "manifest.jsonl").read_text()
    con = duckdb.connect(str(settings.build_database), read_only=True)
    [(location,)] = con.execute("select distinct location from raw.extract_loads").fetchall()
    con.close()
    assert "token=REDACTADO-" in location
    for text in (manifest, location, *events):
        assert TOKEN not in text
