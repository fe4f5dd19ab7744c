"""Deterministic demo extracts that look like the real exports (which hold personal data).

Every generated file is demo data: names and RUTs are invented, and the figures of Huasco in
a year with a report edition in the seeds (today 2020) are taken from that edition's
published figures so that a correct pipeline reproduces it; the other years are invented.
Each source has a module `ingestion/demo/<source>.py` with `demo_file(year)` (the file's path
relative to the demo folder), `DEMO_FILES` (those of the default years, `DEMO_YEARS`) and
`generate(out_dir, scale, year=...)`, which writes that year's extract.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType


def generators() -> dict[str, ModuleType]:
    """Source name -> its demo generator module."""
    modules = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in ("common",) or module_info.name.startswith("_"):
            continue
        modules[module_info.name] = importlib.import_module(f"{__name__}.{module_info.name}")
    return dict(sorted(modules.items()))


def year_of_demo_file(module: ModuleType, location: str | Path) -> int:
    """The year a configured demo file holds, told by its name (`..._<year>.<ext>`)."""
    path = Path(location)
    found = re.search(r"_(\d{4})\.[a-z]+$", path.name)
    if found is None or not path.as_posix().endswith(module.demo_file(int(found[1]))):
        source = module.__name__.rsplit(".", 1)[-1]
        raise ValueError(
            f"{location}: not a demo file of {source} (expected a name like "
            f"{module.demo_file(2020)!r}, its year before the extension)"
        )
    return int(found[1])
