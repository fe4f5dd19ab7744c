"""Deterministic demo extracts that look like the real exports (which hold personal data).

Every generated file is demo data: names and RUTs are invented, and the figures for Huasco
in 2020 are taken from the published report so that a correct pipeline reproduces it.
Each source has a module `ingestion/demo/<source>.py` with `DEMO_FILES` (paths relative to
the demo folder) and `generate(out_dir, scale)`.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def generators() -> dict[str, ModuleType]:
    """Source name -> its demo generator module."""
    modules = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name in ("common",) or module_info.name.startswith("_"):
            continue
        modules[module_info.name] = importlib.import_module(f"{__name__}.{module_info.name}")
    return dict(sorted(modules.items()))
