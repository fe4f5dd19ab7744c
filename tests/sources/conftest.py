"""Fixtures shared by the per-source tests: the source's demo extract, loaded or not.

Each `test_<source>.py` imports its source's contract as `CONTRACT`; the fixtures read it
from the module that asks for them. Checks that hold for every source alike (malformed
files, the demo generator's files and determinism) are in `test_every_source.py`, which
shares the generated demo extracts through `generated_demo`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from ingestion.contracts import Contract
from ingestion.demo import generators
from ingestion.demo.common import DEMO_YEARS
from ingestion.landing import LandedExtract
from ingestion.loading import LoadResult, load_extract
from tests.conftest import EDITION_YEAR

KEY = "clave-de-prueba"  # the RUT pseudonymisation key of these tests
LANDED_AT = "2021-01-04T12:00:00+00:00"

Loaded = tuple[duckdb.DuckDBPyConnection, list[LoadResult]]


def _load_into(con: duckdb.DuckDBPyConnection, path: Path, contract: Contract) -> LoadResult:
    """Load `path` as if it had just landed (a new demo file) under `contract`."""
    data = path.read_bytes()
    landed = LandedExtract(
        source=contract.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at=LANDED_AT,
        is_demo=True,
        status="new",
    )
    return load_extract(con, landed, contract, KEY)


@pytest.fixture(scope="module")
def contract(request: pytest.FixtureRequest) -> Contract:
    """The contract of the requesting test module's source (its `CONTRACT`)."""
    return request.module.CONTRACT


@pytest.fixture(scope="session")
def generated_demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[str], tuple[Path, list[Path]]]:
    """A source's demo extracts at scale 1, one per default year it has a file for (its
    DEMO_FILES), generated on first use and kept for the session: (the folder they were
    generated in, the files the generator returned, in year order)."""
    generated: dict[str, tuple[Path, list[Path]]] = {}

    def generate(source: str) -> tuple[Path, list[Path]]:
        if source not in generated:
            out = tmp_path_factory.mktemp(f"demo_{source}")
            module = generators()[source]
            paths = [
                path
                for year in DEMO_YEARS
                if module.demo_file(year) in module.DEMO_FILES
                for path in module.generate(out, 1, year=year)
            ]
            generated[source] = out, paths
        return generated[source]

    return generate


@pytest.fixture(scope="module")
def demo_files(
    contract: Contract, generated_demo: Callable[[str], tuple[Path, list[Path]]]
) -> list[Path]:
    """The source's demo extracts at scale 1."""
    _, paths = generated_demo(contract.source)
    return paths


@pytest.fixture(scope="module")
def demo_file(demo_files: list[Path]) -> Path:
    """The source's demo extract of the year of the seeds' edition."""
    [path] = [path for path in demo_files if str(EDITION_YEAR) in path.name]
    return path


@pytest.fixture(scope="module")
def loaded(
    contract: Contract, demo_files: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    """The demo extracts loaded, in order, into one DuckDB file: (connection, the result of
    each load)."""
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    yield con, [_load_into(con, path, contract) for path in demo_files]
    con.close()


@pytest.fixture
def load(
    contract: Contract,
) -> Iterator[Callable[[Path], tuple[duckdb.DuckDBPyConnection, LoadResult]]]:
    """Load one file of the source (and any `more` after it, into the same database) into a
    new in-memory DuckDB: (connection, the first file's result)."""
    connections: list[duckdb.DuckDBPyConnection] = []

    def load_file(path: Path, *more: Path) -> tuple[duckdb.DuckDBPyConnection, LoadResult]:
        con = duckdb.connect()
        connections.append(con)
        result = _load_into(con, path, contract)
        for other in more:
            _load_into(con, other, contract)
        return con, result

    yield load_file
    for con in connections:
        con.close()


@pytest.fixture
def cells(contract: Contract) -> Callable[[Path], list[list]]:
    """The cells of a workbook's sheet (the contract's) as calamine reads them, header first."""

    def read(path: Path) -> list[list]:
        workbook = CalamineWorkbook.from_path(str(path))
        return workbook.get_sheet_by_name(contract.sheet or workbook.sheet_names[0]).to_python()

    return read
