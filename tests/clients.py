"""The analysts' command-line client, run the way an analyst runs it: a separate process."""

from __future__ import annotations

import datetime
import decimal
import json
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.conftest import BIN

DUCKDB_CLI = BIN / "duckdb"  # from the duckdb-cli package, a 1.x client


def duckdb_cli() -> Path:
    if not DUCKDB_CLI.exists():
        pytest.skip(f"{DUCKDB_CLI} is missing: `make .venv/.installed-stamp` installs duckdb-cli")
    return DUCKDB_CLI


def cli_rows(database: Path, sql: str) -> list[tuple]:
    """The rows `sql` returns in the command-line client, opening `database` read-only."""
    completed = subprocess.run(
        [str(duckdb_cli()), "-readonly", str(database), "-json", "-c", sql],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0 and not completed.stderr, completed.stderr
    # The CLI prints nothing at all for an empty result.
    records = json.loads(completed.stdout) if completed.stdout.strip() else []
    return [tuple(_comparable(value) for value in record.values()) for record in records]


def python_rows(database: Path, sql: str) -> list[tuple]:
    """The same rows from the Python client (DuckDB 2.x), in the CLI's JSON spelling."""
    with duckdb.connect(str(database), read_only=True) as con:
        return [tuple(_comparable(value) for value in row) for row in con.execute(sql).fetchall()]


def _comparable(value):
    """The CLI's JSON writes doubles as numbers and decimals, hugeints and dates as text."""
    if value is None or isinstance(value, float | bool):
        return value
    if isinstance(value, int | decimal.Decimal | datetime.date):
        return str(value)
    return value
