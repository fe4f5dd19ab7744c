"""Freshness: each source's age from the load log, against its contract's cadence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest
import yaml

from ingestion.contracts import Cadence
from ingestion.freshness import (
    dbt_freshness,
    dbt_loaded_at_query,
    source_freshness,
    stale_sources,
)
from ingestion.settings import PROJECT_ROOT
from ingestion.sources import CONTRACTS
from tests.ingestion.load_log import record_load

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
MONTHLY = CONTRACTS["alimentos_entregas"]
WEEKLY = CONTRACTS["stop_casos"]
YEARLY = CONTRACTS["programacion_anual"]


def test_every_source_declares_a_cadence():
    assert all(isinstance(c.cadence, Cadence) for c in CONTRACTS.values())
    assert MONTHLY.cadence is Cadence.MENSUAL
    assert WEEKLY.cadence is Cadence.SEMANAL
    assert YEARLY.cadence is Cadence.ANUAL


def test_a_source_older_than_its_cadence_is_stale(con):
    record_load(con, "alimentos_entregas", NOW - timedelta(days=41))
    record_load(con, "stop_casos", NOW - timedelta(days=9))
    record_load(con, "programacion_anual", NOW - timedelta(days=300))
    contracts = [MONTHLY, WEEKLY, YEARLY]

    freshness = {f.source: f for f in source_freshness(con, NOW, contracts)}

    assert freshness["alimentos_entregas"].is_stale
    assert freshness["alimentos_entregas"].age_days == pytest.approx(41)
    assert not freshness["stop_casos"].is_stale
    assert not freshness["programacion_anual"].is_stale
    assert [f.source for f in stale_sources(con, NOW, contracts)] == ["alimentos_entregas"]
    # A week later the weekly export is overdue too.
    later = NOW + timedelta(days=7)
    assert [f.source for f in stale_sources(con, later, contracts)] == [
        "alimentos_entregas",
        "stop_casos",
    ]


def test_the_newest_location_counts_and_retired_or_future_loads_do_not(con):
    # Last year's file never changes; this year's arrived 5 days ago.
    record_load(con, "alimentos_entregas", NOW - timedelta(days=400), location="/d/2025.csv")
    record_load(con, "alimentos_entregas", NOW - timedelta(days=5), location="/d/2026.csv")
    # A location that left the configuration says nothing of what still arrives.
    record_load(
        con,
        "stop_casos",
        NOW - timedelta(days=1),
        location="/d/viejo.csv",
        retired_at=NOW - timedelta(hours=1),
    )
    record_load(con, "stop_casos", NOW - timedelta(days=20), location="/d/actual.csv")

    freshness = {f.source: f for f in source_freshness(con, NOW, [MONTHLY, WEEKLY])}
    assert freshness["alimentos_entregas"].age_days == pytest.approx(5)
    assert freshness["stop_casos"].age_days == pytest.approx(20)
    assert freshness["stop_casos"].is_stale

    # Seen from before this year's file arrived (what the previous refresh saw).
    before = NOW - timedelta(days=6)
    [monthly] = source_freshness(con, before, [MONTHLY])
    assert monthly.age_days == pytest.approx(394)


def test_a_source_never_loaded_is_stale_and_listed_first(con):
    record_load(con, "alimentos_entregas", NOW - timedelta(days=50))

    stale = stale_sources(con, NOW, [MONTHLY, WEEKLY])

    assert [(f.source, f.last_loaded_at) for f in stale] == [
        ("stop_casos", None),
        ("alimentos_entregas", NOW - timedelta(days=50)),
    ]
    assert "ningún extracto cargado" in stale[0].describe()
    assert "hace 50 días" in stale[1].describe()
    assert "mensual, máximo 40 días" in stale[1].describe()


def test_an_empty_warehouse_has_every_source_stale(con):
    assert len(stale_sources(con, NOW)) == len(CONTRACTS)


def test_now_must_carry_its_timezone(con):
    with pytest.raises(ValueError, match="timezone-aware"):
        source_freshness(con, datetime(2026, 11, 29, 12, 0))


@cache
def _dbt_source_tables() -> dict[str, dict]:
    """raw table -> its dbt source table entry, from every staging sources file."""
    tables = {}
    for path in sorted(
        (PROJECT_ROOT / "dbt_project" / "models" / "staging").rglob("_*__sources.yml")
    ):
        for source in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                asset_key = table.get("meta", {}).get("dagster", {}).get("asset_key", [])
                tables[asset_key[-1]] = {**table, "file": path.name}
    return tables


@pytest.mark.parametrize("contract", CONTRACTS.values(), ids=lambda c: c.source)
def test_dbt_source_freshness_follows_the_contract(contract):
    """`dbt source freshness` measures what the Dagster check does, with the contract's
    cadence: the YAML says it once more, so this test keeps the two in step."""
    table = _dbt_source_tables()[contract.raw_table]
    config = table.get("config", {})
    expected = (
        f"in {table['file']}, source table of raw.{contract.raw_table}: config: freshness: "
        f"{dbt_freshness(contract)}, loaded_at_query: {dbt_loaded_at_query(contract)}"
    )
    assert config.get("freshness") == dbt_freshness(contract), expected
    assert " ".join(config.get("loaded_at_query", "").split()) == dbt_loaded_at_query(contract), (
        expected
    )
