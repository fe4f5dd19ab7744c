"""Small build databases for the freshness and alert tests: load-log and reconciliation rows
written directly, with the times each test controls."""

from __future__ import annotations

import itertools
from datetime import datetime

import duckdb

from ingestion.loading import ensure_raw_schema

_load_ids = itertools.count(1)


def record_load(
    con: duckdb.DuckDBPyConnection,
    source: str,
    loaded_at: datetime,
    *,
    location: str | None = None,
    rows_loaded: int = 100,
    rows_quarantined: int = 0,
    retired_at: datetime | None = None,
) -> None:
    """One line of raw.extract_loads, as the loader writes it."""
    ensure_raw_schema(con)
    load_id = f"load-{next(_load_ids)}"
    location = location or f"/datos/{source}.csv"
    con.execute(
        """
        insert into raw.extract_loads (
            load_id, source, file_name, sha256, size_bytes, location, is_demo, landed_at,
            loaded_at, encoding, rows_loaded, rows_quarantined, rows_skipped, data_lines,
            rows_blank, lines_joined, cells_truncated, retired_at
        ) values (?, ?, ?, ?, 1000, ?, false, ?, ?, 'utf-8', ?, ?, 0, ?, 0, 0, 0, ?)
        """,
        [
            load_id,
            source,
            location.rsplit("/", 1)[-1],
            load_id.rjust(64, "0"),
            location,
            loaded_at,
            loaded_at,
            rows_loaded,
            rows_quarantined,
            rows_loaded + rows_quarantined,
            retired_at,
        ],
    )


def record_reconciliation(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    checked_at: datetime,
    statuses: dict[str, str],
    edition_id: str = "huasco_2020",
) -> None:
    """One reconciliation run: check_id -> status (published 10, computed 10 or 12)."""
    # Imported here: Great Expectations takes seconds to import, the freshness tests need none.
    from expectations.reconciliation import RECONCILIATION_COLUMNS

    con.execute("create schema if not exists audit")
    columns = ", ".join(f"{name} {kind}" for name, kind in RECONCILIATION_COLUMNS.items())
    con.execute(f"create table if not exists audit.reconciliation ({columns})")
    for check_id, status in statuses.items():
        computed = 10.0 if status == "match" else 12.0
        con.execute(
            "insert into audit.reconciliation (run_id, edition_id, check_id, label, "
            "published_value, computed_value, status, checked_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, edition_id, check_id, f"Cifra {check_id}", 10.0, computed, status, checked_at],
        )
