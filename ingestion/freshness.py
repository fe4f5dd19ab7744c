"""How old each source's newest extract is, against the cadence its contract declares.

The age of a source is the time since a new version of any of its configured extracts was
loaded (`raw.extract_loads.loaded_at`; an unchanged extract landed again is not a new
version and loads nothing). The same measure feeds the Dagster freshness checks, the alerts,
the auditors' page and `dbt source freshness` (through `loaded_at_query`, see
`dbt_loaded_at_query`), so all of them agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from ingestion.contracts import Cadence, Contract
from ingestion.sources import CONTRACTS
from ingestion.warehouse import has_table


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    title: str
    cadence: Cadence
    last_loaded_at: datetime | None  # None: nothing of this source was ever loaded
    age: timedelta | None

    @property
    def is_stale(self) -> bool:
        return self.age is None or self.age > self.cadence.max_age

    @property
    def age_days(self) -> float | None:
        return None if self.age is None else self.age / timedelta(days=1)

    def describe(self) -> str:
        """One line in Spanish for the auditors' page and the alerts."""
        expected = f"frecuencia {self.cadence.label}, máximo {self.cadence.max_age_days} días"
        if self.age is None:
            return f"{self.title} (`{self.source}`): ningún extracto cargado ({expected})"
        return (
            f"{self.title} (`{self.source}`): último extracto nuevo hace "
            f"{self.age_days:.0f} días, el {self.last_loaded_at:%d/%m/%Y} ({expected})"
        )


def source_freshness(
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    contracts: Iterable[Contract] | None = None,
) -> list[SourceFreshness]:
    """Each source's age at `now` (timezone-aware), counting only loads made up to `now`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (the load log is in timestamptz)")
    contracts = list(CONTRACTS.values() if contracts is None else contracts)
    latest = _latest_loads(con, now)
    freshness = []
    for contract in contracts:
        loaded_at = latest.get(contract.source)
        freshness.append(
            SourceFreshness(
                source=contract.source,
                title=contract.title,
                cadence=contract.cadence,
                last_loaded_at=loaded_at,
                age=None if loaded_at is None else now - loaded_at,
            )
        )
    return freshness


def stale_sources(
    con: duckdb.DuckDBPyConnection,
    now: datetime,
    contracts: Iterable[Contract] | None = None,
) -> list[SourceFreshness]:
    """The sources whose newest extract is older than their cadence allows (for the auditors'
    page and the alerts), oldest first; a source never loaded comes first of all."""
    stale = [f for f in source_freshness(con, now, contracts) if f.is_stale]
    return sorted(stale, key=lambda f: (f.age is not None, -(f.age_days or 0), f.source))


def _latest_loads(con: duckdb.DuckDBPyConnection, now: datetime) -> dict[str, datetime]:
    if not has_table(con, "raw", "extract_loads"):
        return {}
    rows = con.execute(
        f"""
        select source, max(loaded_at) from raw.extract_loads
        where {ACTIVE_LOADS} and loaded_at <= ?
        group by source
        """,
        [now],
    ).fetchall()
    return dict(rows)


# A retired load belongs to a location no longer configured: it says nothing of what arrives.
ACTIVE_LOADS = "retired_at is null"


def dbt_loaded_at_query(contract: Contract) -> str:
    """The `loaded_at_query` of the contract's dbt source: the same measure as above."""
    return (
        "select max(loaded_at) from raw.extract_loads "
        f"where source = '{contract.source}' and {ACTIVE_LOADS}"
    )


def dbt_freshness(contract: Contract) -> dict:
    """The `freshness` of the contract's dbt source (a warning, like the Dagster check)."""
    return {"warn_after": {"count": contract.cadence.max_age_days, "period": "day"}}
