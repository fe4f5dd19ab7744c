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
        "`ingestion/sources/` con `python -m ingestion.sources > docs/contratos.md`.\n\n"
        "## Qué detiene el refresco\n\n"
        "Una fila que no cumple su contrato va a cuarentena con su razón; el archivo entero\n"
        "se rechaza solo por su forma (encabezado, codificación, archivo vacío, cortado o con\n"
        "muchas menos filas que su versión anterior). Después de la carga, detienen el\n"
        "refresco (sin publicar; el mensaje nombra archivo, hoja y línea) solo estas reglas:\n\n"
        "- Un campo obligatorio vacío o un valor fuera de los aceptados, según la tabla de\n"
        "  columnas de cada contrato (las pruebas de dbt de staging son exactamente esas;\n"
        "  `tests/test_tests_follow_contracts.py` lo verifica).\n"
        "- Una comuna que no está en la tabla de comunas con ninguna de sus escrituras\n"
        "  (sin tildes ni mayúsculas): la fila no se puede atribuir a una provincia, y\n"
        "  contarla o dejarla fuera cambiaría cifras sin aviso. Se corrige en el extracto\n"
        "  (salvo donde el contrato de la fuente dice que la fila se cuenta sin comuna).\n"
        "- Una fecha anterior a `earliest_valid_date` o más de `future_days_tolerated` días\n"
        "  posterior al día del refresco (variables de dbt): un año mal escrito.\n"
        "- Una etiqueta que la semilla de traducción de su fuente no conoce (tipos de visa,\n"
        "  delitos, instancias, tipos de actividad): se agrega a la semilla o se corrige.\n"
        "- Dos filas con el mismo archivo y línea, o una misma clave de negocio repetida\n"
        "  donde el contrato la declara única.\n"
    )
    return intro + "\n" + "\n".join(render_markdown(c) for c in CONTRACTS.values())
