"""Progress bars for long downloads and loads, shown only to a person at a terminal."""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress(description: str, total: int | None = None, unit: str = "B") -> tqdm:
    """A bar on stderr when it is a terminal; a silent no-op in logs, CI and Dagster runs."""
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        unit_scale=True,
        unit_divisor=1024 if unit == "B" else 1000,
        disable=not sys.stderr.isatty(),
        leave=False,
    )
