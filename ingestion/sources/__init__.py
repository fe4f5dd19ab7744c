"""Every source the warehouse reads, one module each, found by name.

A module `ingestion/sources/<source>.py` declares `CONTRACT`; adding a source is adding a
module (and its location in `config/sources.toml`).
"""

from __future__ import annotations

import importlib
import pkgutil

from ingestion.contracts import Contract, render_markdown


def _discover() -> dict[str, Contract]:
    contracts = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        contract = importlib.import_module(f"{__name__}.{module_info.name}").CONTRACT
        if contract.source != module_info.name:
            raise ValueError(f"{module_info.name}.py declares source {contract.source!r}")
        contracts[contract.source] = contract
    return contracts


CONTRACTS: dict[str, Contract] = _discover()


def contracts_page() -> str:
    """Every contract as one Markdown page for data providers (docs/contratos.md)."""
    intro = (
        "# Contratos de las fuentes\n\n"
        "Qué debe cumplir cada extracto que recibe el almacén. Esta página se genera desde\n"
        "`ingestion/sources/` con `python -m ingestion.sources > docs/contratos.md`.\n"
    )
    return intro + "\n" + "\n".join(render_markdown(c) for c in CONTRACTS.values())
