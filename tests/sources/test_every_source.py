"""What holds for every source alike, checked for each one.

A malformed file (a column missing, bytes no encoding decodes, a damaged workbook, the sheet
missing, nothing in it) is rejected as a whole with a ContractError that says why; the demo
generator writes the configured files, under the contract's name, the same on every run. What
is particular to a source (its demo's noise and the figures it must give back) is tested in
its own test_<source>.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.contracts import Contract, Kind
from ingestion.demo import generators
from ingestion.demo.common import DEMO_YEARS
from ingestion.reading import ContractError, read_extract
from ingestion.sources import CONTRACTS
from tests.sources.conftest import _load_into as load_into

GENERATORS = generators()
SOURCES = sorted(CONTRACTS)
CSV_SOURCES = [source for source in SOURCES if CONTRACTS[source].file_format == "csv"]
XLSX_SOURCES = [source for source in SOURCES if CONTRACTS[source].file_format == "xlsx"]
SHEET_SOURCES = [source for source in XLSX_SOURCES if CONTRACTS[source].sheet is not None]
EMPTY = r"the file is empty \(no header line\)"
NOT_A_WORKBOOK = r"not a readable \.xlsx workbook"


def write_workbook(path: Path, sheet: str, rows: list[list[str]]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    for index, row in enumerate(rows):
        worksheet.write_row(index, 0, row)
    workbook.close()
    return path


def write_extract(path: Path, contract: Contract, rows: list[list[str]]) -> Path:
    """`rows` in the contract's format: delimited Windows-1252 text with CRLF, or its sheet."""
    if contract.file_format == "xlsx":
        return write_workbook(path, contract.sheet or "Sheet1", rows)
    text = "".join(contract.delimiter.join(row) + "\r\n" for row in rows)
    path.write_bytes(text.encode("cp1252"))
    return path


def all_sheets(path: Path) -> dict[str, list[list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def name_pattern(contract: Contract) -> str:
    """The contract's file name as a regular expression: `<año>` and the like stand for text."""
    parts = re.split(r"(<[^>]+>)", contract.file_pattern)
    return "".join(".+" if part.startswith("<") else re.escape(part) for part in parts)


def test_every_source_has_a_demo_generator():
    assert list(GENERATORS) == SOURCES


@pytest.mark.parametrize("source", SOURCES)
def test_a_missing_column_is_named_in_the_error(source, tmp_path):
    contract = CONTRACTS[source]
    for dropped in contract.columns:
        kept = [column for column in contract.columns if column is not dropped]
        path = write_extract(
            tmp_path / f"sin_{dropped.name}.{contract.file_format}",
            contract,
            [[column.header for column in kept], [column.example for column in kept]],
        )
        missing = rf"missing columns: {re.escape(dropped.header)}\)"
        with pytest.raises(ContractError, match=missing):
            read_extract(path, contract, tmp_path)


@pytest.mark.parametrize("source", CSV_SOURCES)
def test_bytes_no_encoding_decodes_are_a_contract_error(source, tmp_path):
    contract = CONTRACTS[source]
    header = contract.delimiter.join(column.header for column in contract.columns)
    path = tmp_path / "rota.csv"
    path.write_bytes(header.encode("cp1252") + b"\r\n1;\x81\x8d;x\r\n")
    with pytest.raises(ContractError, match="line 2, column 3: byte 0x81 cannot be decoded"):
        read_extract(path, contract, tmp_path)


@pytest.mark.parametrize("content", [b"", b"\r\n"], ids=["no_bytes", "blank_line"])
@pytest.mark.parametrize("source", CSV_SOURCES)
def test_an_empty_text_file_is_a_contract_error(source, content, tmp_path):
    path = tmp_path / "vacio.csv"
    path.write_bytes(content)
    with pytest.raises(ContractError, match=EMPTY):
        read_extract(path, CONTRACTS[source], tmp_path)


@pytest.mark.parametrize("source", XLSX_SOURCES)
def test_a_damaged_workbook_is_a_contract_error(source, generated_demo, tmp_path):
    contract = CONTRACTS[source]
    _, paths = generated_demo(source)
    demo = paths[0].read_bytes()
    damaged = {
        "no_es_planilla": b"PK\x03\x04 esto no es una planilla",
        **{f"cortada_{size}": demo[:size] for size in (300, 500, 2_000)},
    }
    for name, data in damaged.items():
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        with pytest.raises(ContractError, match=NOT_A_WORKBOOK):
            read_extract(path, contract, tmp_path)


@pytest.mark.parametrize("source", SHEET_SOURCES)
def test_a_workbook_without_the_sheet_is_a_contract_error(source, tmp_path):
    contract = CONTRACTS[source]
    header = [column.header for column in contract.columns]
    path = write_workbook(tmp_path / "otra_hoja.xlsx", "Hoja1", [header])
    expected = f"sheet {contract.sheet!r} not found (sheets: Hoja1)"
    with pytest.raises(ContractError, match=re.escape(expected)):
        read_extract(path, contract, tmp_path)


@pytest.mark.parametrize("source", XLSX_SOURCES)
def test_an_empty_sheet_is_a_contract_error(source, tmp_path):
    contract = CONTRACTS[source]
    path = write_extract(tmp_path / "vacia.xlsx", contract, [])
    with pytest.raises(ContractError, match=EMPTY):
        read_extract(path, contract, tmp_path)


@pytest.mark.parametrize("source", SOURCES)
def test_the_demo_files_are_the_configured_ones(source, generated_demo):
    contract = CONTRACTS[source]
    out, paths = generated_demo(source)
    configured = [out / relative for relative in GENERATORS[source].DEMO_FILES]
    assert paths == configured
    for path in paths:
        assert re.fullmatch(name_pattern(contract), path.name), path.name
        assert path.suffix == f".{contract.file_format}"


def file_years(source: str) -> list[int]:
    """The default years a source has a demo file for (an office log starts when it opened)."""
    module = GENERATORS[source]
    return [year for year in DEMO_YEARS if module.demo_file(year) in module.DEMO_FILES]


@pytest.mark.parametrize("source", SOURCES)
def test_each_year_is_generated_on_its_own(source, generated_demo, tmp_path):
    """A year's file is the same whether or not the other years are written (in any order),
    and a year's file holds that year."""
    _, paths = generated_demo(source)
    years = file_years(source)
    last = GENERATORS[source].generate(tmp_path, 1, year=years[-1])
    assert [path.read_bytes() for path in last] == [paths[-1].read_bytes()]
    assert all(str(year) in path.name for year, path in zip(years, paths, strict=True))


@pytest.mark.parametrize("source", SOURCES)
def test_the_demo_generator_gives_the_same_files_every_run(source, generated_demo, tmp_path):
    """Generated again, elsewhere: the same bytes (and, for a workbook, the same cells in
    every sheet) as the session's demo extracts."""
    _, first = generated_demo(source)
    again = [
        path
        for year in file_years(source)
        for path in GENERATORS[source].generate(tmp_path, 1, year=year)
    ]
    for earlier, later in zip(first, again, strict=True):
        if CONTRACTS[source].file_format == "xlsx":
            assert all_sheets(later) == all_sheets(earlier)
        assert later.read_bytes() == earlier.read_bytes()


@pytest.mark.parametrize("source", SOURCES)
def test_a_year_beyond_the_default_ones_has_the_same_shape(source, tmp_path):
    """A year no edition describes and no demo log reaches (2022) is invented in the same
    shape: it reads under the contract and loads within the refresh's quarantine threshold,
    with dates of 2022 (the planning sheet: of the plan of 2022)."""
    contract = CONTRACTS[source]
    [path] = GENERATORS[source].generate(tmp_path, 1, year=2022)
    assert "2022" in path.name
    read = read_extract(path, contract, tmp_path)
    assert read.rejects == [] and read.data_rows > 0
    with duckdb.connect() as con:
        result = load_into(con, path, contract)
        assert result.rows_quarantined <= max(5, 0.01 * read.data_rows)
        dates = [column.name for column in contract.columns if column.kind is Kind.DATE]
        if dates:
            years = con.execute(
                f"select distinct year({dates[0]}) from raw.{contract.raw_table} "
                f"where {dates[0]} is not null"
            ).fetchall()
            assert (2022,) in years
        else:  # the year is in a code or a year column (GET-2022-01, AÑO)
            rows = con.execute(f"select * from raw.{contract.raw_table}").fetchall()
            assert all("2022" in " ".join(map(str, row)) for row in rows)
