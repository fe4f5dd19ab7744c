"""Benchmark: land and load a large generated extract; report time, throughput and peak memory.

make bench                       # scale 20 (about 860 000 rows)
.venv/bin/python -m tests.bench --scale 50
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingestion import warehouse
from ingestion.demo import alimentos_entregas
from ingestion.landing import land
from ingestion.loading import load_extract
from ingestion.settings import DEMO_RUT_KEY, SourceConfig
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="huasco-bench-") as directory:
        root = Path(directory)
        started = time.perf_counter()
        # A child process generates, so the peak memory below is the landing and loading alone.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ingestion.demo",
                "generate",
                "--out",
                str(root),
                "--scale",
                str(args.scale),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        extract = root / alimentos_entregas.DEMO_FILES[0]
        generated = time.perf_counter()
        config = SourceConfig("alimentos_entregas", (str(extract),), is_demo=True)
        [landed] = land(config, root / "landing")
        landed_at = time.perf_counter()
        with warehouse.connect(root / "bench.duckdb") as con:
            result = load_extract(con, landed, ALIMENTOS_ENTREGAS, DEMO_RUT_KEY)
            loaded = time.perf_counter()
            again = load_extract(con, landed, ALIMENTOS_ENTREGAS, DEMO_RUT_KEY)
            reloaded = time.perf_counter()
        rows = result.rows_loaded + result.rows_quarantined
        size_mib = landed.size_bytes / 2**20
        print(f"scale {args.scale}: {rows:,} rows, {size_mib:.1f} MiB (cp1252 CSV)")
        print(f"  generate  {generated - started:6.2f} s")
        print(f"  land      {landed_at - generated:6.2f} s  (copy + sha256)")
        print(
            f"  load      {loaded - landed_at:6.2f} s  "
            f"({rows / (loaded - landed_at):,.0f} rows/s, {result.rows_quarantined} quarantined)"
        )
        print(f"  reload    {reloaded - loaded:6.2f} s  (same file: no-op={again.skipped})")
        print(f"  peak RSS  {peak_rss_mib():6.0f} MiB (landing and loading)")


if __name__ == "__main__":
    main()
