"""The load stage alone: every demo extract of a directory through `load_extract`, one file at
a time, into a fresh warehouse (no landing, no Dagster), with its time and the peak RSS.

    .venv/bin/python -m tests.bench_load /work/bench-cache/scale-100 [source ...]

Run it under `flock /work/heavy.lock`; with PYTHONPATH pointing at another checkout's
`ingestion` and `config`, it measures that code on the same files (A/B).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ingestion import warehouse
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.settings import DEMO_RUT_KEY, Settings, load_source_configs
from ingestion.sources import CONTRACTS


def main(demo: Path, only: list[str]) -> None:
    os.environ["HUASCO_DEMO_DIR"] = str(demo)
    configs = load_source_configs(Settings.from_env())
    total, rows = 0.0, 0
    warehouse_file = Path(tempfile.mkdtemp(prefix="bench-load-")) / "w.duckdb"
    # The memory limit the refresh loads with, so that the peak RSS is the refresh's.
    with warehouse.connect(warehouse_file, memory_limit=warehouse.LOAD_MEMORY_LIMIT) as con:
        for name, config in configs.items():
            if only and name not in only:
                continue
            for location in config.locations:
                path = Path(location)
                landed = LandedExtract(
                    name, location, path.name, str(path), f"{path.name}-sha256",
                    path.stat().st_size, datetime.now(UTC).isoformat(), True, "new",
                )  # fmt: skip
                started = time.perf_counter()
                result = load_extract(con, landed, CONTRACTS[name], DEMO_RUT_KEY)
                seconds = time.perf_counter() - started
                total += seconds
                rows += result.rows_loaded + result.rows_quarantined
                print(f"{name:40} {path.name:45} {seconds:7.2f} s  lines={result.data_lines}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"TOTAL {total:.1f} s  rows={rows}  peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
