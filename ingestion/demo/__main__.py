"""Write demo extracts.

python -m ingestion.demo ensure            # every source still pointing at the demo folder
python -m ingestion.demo generate --scale 10 --out /tmp/demo   # all sources, bigger
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ingestion.demo import alimentos
from ingestion.settings import Settings, load_source_configs

GENERATORS: dict[str, Callable[[Path, int], Path]] = {
    "alimentos_entregas": alimentos.generate,
}
DEMO_FILES = {
    "alimentos_entregas": Path("alimentos") / "entregas_alimentos_para_chile_2020.csv",
}


def ensure(settings: Settings) -> list[Path]:
    """Generate the demo extract of each source configured to use one, when it is missing."""
    written = []
    for name, config in load_source_configs(settings).items():
        target = Path(config.location)
        if config.is_demo and not target.exists():
            written.append(GENERATORS[name](target, 1))
    return written


def generate_all(out_dir: Path, scale: int) -> list[Path]:
    return [GENERATORS[name](out_dir / relative, scale) for name, relative in DEMO_FILES.items()]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingestion.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "ensure", help="write the missing demo extracts that the configuration uses"
    )
    generate = commands.add_parser("generate", help="write every demo extract to a folder")
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument(
        "--scale", type=int, default=1, help="multiply the volume outside Huasco 2020"
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
