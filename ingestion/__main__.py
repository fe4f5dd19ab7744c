"""Land and load sources without Dagster, for development and debugging.

python -m ingestion load alimentos_entregas   # land + load into the build warehouse
python -m ingestion load --all
"""

from __future__ import annotations

import argparse
import sys

from ingestion import warehouse
from ingestion.landing import land
from ingestion.loading import load_extract, retire_unconfigured
from ingestion.settings import Settings, load_source_configs
from ingestion.sources import CONTRACTS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingestion", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="land and load sources into the build warehouse")
    load.add_argument("sources", nargs="*", help=f"any of: {', '.join(CONTRACTS)}")
    load.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)
    unknown = set(args.sources) - set(CONTRACTS)
    if unknown:
        parser.error(f"unknown sources: {', '.join(sorted(unknown))}")
    settings = Settings.from_env()
    configs = load_source_configs(settings)
    names = list(CONTRACTS) if args.all else args.sources
    build = settings.build_database
    with warehouse.connect(build, memory_limit=warehouse.LOAD_MEMORY_LIMIT) as con:
        for name in names:
            landed_extracts = land(configs[name], settings.landing_dir)
            locations = [landed.location for landed in landed_extracts]
            for location in retire_unconfigured(con, CONTRACTS[name], locations):
                print(f"{name}: {location} no longer configured: retired")
            for landed in landed_extracts:
                result = load_extract(con, landed, CONTRACTS[name], settings.rut_key)
                print(
                    f"{name}: {landed.file_name} sha256={landed.sha256[:12]} "
                    f"lines={result.data_lines} loaded={result.rows_loaded} "
                    f"quarantined={result.rows_quarantined} skipped={result.rows_skipped} "
                    f"blank={result.rows_blank} no-op={result.skipped}"
                )
    print(f"build warehouse: {settings.build_database}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
