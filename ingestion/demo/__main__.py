"""Write demo extracts.

python -m ingestion.demo ensure                               # what the configuration uses
python -m ingestion.demo generate --scale 10 --out /tmp/demo  # every source, bigger
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingestion.demo import generators
from ingestion.settings import Settings, load_source_configs


def ensure(settings: Settings) -> list[Path]:
    """Generate the demo extracts of each source configured to use them, when missing."""
    written = []
    modules = generators()
    for name, config in load_source_configs(settings).items():
        missing = [location for location in config.locations if not Path(location).exists()]
        if config.is_demo and missing:
            written += modules[name].generate(settings.demo_dir, 1)
    return written


def generate_all(out_dir: Path, scale: int) -> list[Path]:
    return [path for module in generators().values() for path in module.generate(out_dir, scale)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingestion.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("ensure", help="write the missing demo extracts the configuration uses")
    generate = commands.add_parser("generate", help="write every demo extract to a folder")
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument(
        "--scale", type=int, default=1, help="multiply the volume, keeping Huasco 2020 intact"
    )
    args = parser.parse_args(argv)
    if args.command == "ensure":
        paths = ensure(Settings.from_env())
    else:
        paths = generate_all(args.out, args.scale)
    for path in paths:
        print(f"demo extract written (DATOS DE DEMOSTRACIÓN): {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
