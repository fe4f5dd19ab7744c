"""Write demo extracts.

python -m ingestion.demo ensure                                  # what the configuration uses
python -m ingestion.demo generate --scale 10 --out /tmp/demo     # every source, default years
python -m ingestion.demo generate --out /tmp/demo --year 2021    # one year (--year repeatable)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from ingestion.demo import generators, year_of_demo_file
from ingestion.demo.common import DEMO_YEARS
from ingestion.settings import Settings, load_source_configs


def ensure(settings: Settings) -> list[Path]:
    """Generate the missing demo extracts of each source configured to use them (the year
    of each comes from its configured file name)."""
    written = []
    modules = generators()
    for name, config in load_source_configs(settings).items():
        if not config.is_demo:
            continue
        for location in config.locations:
            if not Path(location).exists():
                year = year_of_demo_file(modules[name], location)
                written += modules[name].generate(settings.demo_dir, 1, year=year)
    return written


def generate_all(out_dir: Path, scale: int, years: Iterable[int] = DEMO_YEARS) -> list[Path]:
    """Every source's demo extract of each of `years`."""
    return [
        path
        for module in generators().values()
        for year in years
        for path in module.generate(out_dir, scale, year=year)
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingestion.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("ensure", help="write the missing demo extracts the configuration uses")
    generate = commands.add_parser("generate", help="write every demo extract to a folder")
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument(
        "--scale", type=int, default=1, help="multiply the volume, keeping Huasco's figures intact"
    )
    generate.add_argument(
        "--year",
        type=int,
        action="append",
        dest="years",
        help=f"a year to write (repeatable; default: {', '.join(map(str, DEMO_YEARS))})",
    )
    args = parser.parse_args(argv)
    if args.command == "ensure":
        paths = ensure(Settings.from_env())
    else:
        paths = generate_all(args.out, args.scale, args.years or DEMO_YEARS)
    for path in paths:
        print(f"demo extract written (DATOS DE DEMOSTRACIÓN): {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
