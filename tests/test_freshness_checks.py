"""The Dagster side of freshness and alerts: one check per source, two sensors on the refresh."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import dagster as dg
import duckdb
import pytest

from ingestion.freshness import stale_sources
from ingestion.settings import Settings
from ingestion.sources import CONTRACTS
from orchestration.defs.extracts import raw_key
from orchestration.defs.freshness import CHECK_NAME, build_freshness_checks
from orchestration.defs.resources import WarehouseResource
from tests.conftest import run_dbt
from tests.ingestion.load_log import record_load


def test_every_raw_asset_has_a_freshness_check_and_the_refresh_has_its_alerts():
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    freshness_keys = {key.asset_key for key in graph.asset_check_keys if key.name == CHECK_NAME}
    assert freshness_keys == {raw_key(contract) for contract in CONTRACTS.values()}
    for name in ("alerta_refresco_fallido", "alerta_avisos_del_refresco"):
        sensor = defs.resolve_sensor_def(name)
        assert sensor.default_status is dg.DefaultSensorStatus.RUNNING
        # Only the refresh is watched (monitored_jobs has no public accessor).
        assert [job.name for job in sensor._monitored_jobs] == ["nightly_refresh"]


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("HUASCO_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    settings = Settings.from_env()
    settings.build_database.parent.mkdir(parents=True)
    return settings


@pytest.mark.parametrize(("days", "stale"), [(39, False), (41, True)])
def test_a_late_monthly_extract_warns_without_failing_the_run(warehouse, days, stale):
    contract = CONTRACTS["alimentos_entregas"]
    with duckdb.connect(str(warehouse.build_database)) as con:
        record_load(con, contract.source, datetime.now(UTC) - timedelta(days=days))

    @dg.asset(key=raw_key(contract))
    def loaded_raw_table() -> None:
        """Stands for the raw asset: the test wrote its load log."""

    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [loaded_raw_table, build_freshness_checks([contract])],
            resources={"warehouse": WarehouseResource()},
            instance=instance,
        )

    assert result.success  # a warning, never a reason to stop the refresh
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.check_name == CHECK_NAME
    assert evaluation.passed is not stale
    assert evaluation.severity is dg.AssetCheckSeverity.WARN
    assert evaluation.metadata["edad_dias"].value == pytest.approx(days, abs=0.1)
    assert evaluation.metadata["frecuencia"].value == "mensual"
    assert f"hace {days} días" in evaluation.description


def test_dbt_source_freshness_agrees_with_the_load_log(tmp_path):
    """`dbt source freshness` on a small build database warns for exactly the sources that
    `ingestion.freshness` calls stale (dbt measures at its own clock: ages are days apart)."""
    build = tmp_path / "build.duckdb"
    now = datetime.now(UTC)
    with duckdb.connect(str(build)) as con:
        record_load(con, "alimentos_entregas", now - timedelta(days=45))  # monthly: stale
        record_load(con, "stop_casos", now - timedelta(days=3))  # weekly: fresh
        record_load(con, "programacion_anual", now - timedelta(days=200))  # yearly: fresh
        # stop_umbrales (weekly) was never loaded: stale.
        expected = {f.source for f in stale_sources(con, now)}
    completed = run_dbt(
        ["source", "freshness", "--select", "source:alimentos source:stop source:programacion"],
        build,
        tmp_path,
    )
    target = tmp_path / "target"
    results = json.loads((target / "sources.json").read_text())["results"]
    assert results, completed.stdout[-3000:] + completed.stderr[-3000:]
    # source.huasco.<source>.<table> -> the contract it was generated from
    by_table = {contract.raw_table: contract.source for contract in CONTRACTS.values()}
    identifiers = {
        unique_id: node["identifier"]
        for unique_id, node in json.loads((target / "manifest.json").read_text())["sources"].items()
    }
    warned = {by_table[identifiers[r["unique_id"]]] for r in results if r["status"] == "warn"}
    checked = {by_table[identifiers[r["unique_id"]]] for r in results}
    assert checked == {"alimentos_entregas", "stop_casos", "stop_umbrales", "programacion_anual"}
    assert warned == expected & checked == {"alimentos_entregas", "stop_umbrales"}
