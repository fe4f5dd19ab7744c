"""Read an extract (delimited text or .xlsx) as its contract says, keeping line numbers.

The result is a UTF-8 copy with a leading line-number column and the contract's column
names, which DuckDB reads in bulk, plus the structural rejects (wrong field count) with
their line numbers. Text files stream; a sheet is read row by row.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from ingestion.contracts import Column, Contract, header_key
from ingestion.progress import progress

LINE_COLUMN = "__line_number"


class ContractError(ValueError):
    """The file as a whole does not match its contract (it is not loaded at all)."""


@dataclass(frozen=True)
class StructuralReject:
    line_number: int
    reason: str
    fields: list[str]


@dataclass(frozen=True)
class ReadResult:
    normalized_path: Path
    encoding: str  # or "xlsx"
    columns: list[Column]  # the contract's columns in the order the file has them
    data_rows: int
    rejects: list[StructuralReject]
    skipped_rows: int = 0  # rows the contract says are not records (export subtotals)
    sheet: str | None = None  # the sheet read, for a workbook


def detect_encoding(path: Path, candidates: tuple[str, ...]) -> str:
    """The first candidate encoding that decodes the whole file.

    Raises a ContractError naming the line and column of the first undecodable byte
    under the last candidate.
    """
    with path.open("rb") as handle:
        starts_with_bom = handle.read(3) == codecs.BOM_UTF8
    if starts_with_bom and "utf-8-sig" in candidates:
        ordered = ["utf-8-sig"]
    else:
        ordered = [c for c in candidates if c != "utf-8-sig"]
    error = None
    for encoding in ordered:
        error = _first_decode_error(path, encoding)
        if error is None:
            return encoding
    line, column, byte = error
    raise ContractError(
        f"{path.name}: line {line}, column {column}: byte 0x{byte:02x} cannot be decoded "
        f"as any of {', '.join(ordered)}"
    )


def _first_decode_error(path: Path, encoding: str) -> tuple[int, int, int] | None:
    decoder_factory = codecs.getincrementaldecoder(encoding)
    with path.open("rb") as handle:
        for line_number, raw_line in enumerate(handle, start=1):
            try:
                decoder_factory().decode(raw_line, final=True)
            except UnicodeDecodeError as error:
                return line_number, error.start + 1, raw_line[error.start]
    return None


def read_extract(path: Path, contract: Contract, work_dir: Path) -> ReadResult:
    """Read a landed extract in the format its contract declares."""
    if contract.file_format == "xlsx":
        sheet, records = _xlsx_records(path, contract)
        return _normalize(path, contract, work_dir, "xlsx", records, sheet)
    encoding = detect_encoding(path, contract.encodings)
    return _normalize(path, contract, work_dir, encoding, _csv_records(path, contract, encoding))


Records = Iterator[tuple[int, list[str]]]  # (line where the record starts, fields); header first


def _csv_records(path: Path, contract: Contract, encoding: str) -> Records:
    with path.open("r", encoding=encoding, newline="") as source:
        reader = csv.reader(source, delimiter=contract.delimiter)
        while True:
            line_number = reader.line_num + 1  # where this record starts
            try:
                fields = next(reader, None)
            except csv.Error as error:
                raise ContractError(f"{path.name}: line {reader.line_num}: {error}") from error
            if fields is None:
                return
            yield line_number, fields


def _xlsx_records(path: Path, contract: Contract) -> tuple[str, Records]:
    """The sheet read and its rows (numbered as Excel numbers them)."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for zip/xml damage
        raise ContractError(f"{path.name}: not a readable .xlsx workbook ({error})") from error
    if contract.sheet is not None and contract.sheet not in workbook.sheet_names:
        raise ContractError(
            f"{path.name}: sheet {contract.sheet!r} not found (sheets: "
            f"{', '.join(workbook.sheet_names)})"
        )
    name = contract.sheet if contract.sheet is not None else workbook.sheet_names[0]
    rows = workbook.get_sheet_by_name(name).iter_rows()
    records = (
        (row_number, [_cell_text(cell) for cell in cells])
        for row_number, cells in enumerate(rows, start=1)
    )
    return name, records


def _cell_text(cell: object) -> str:
    """A spreadsheet cell as the text a Chilean export would hold, so one parser serves both."""
    if isinstance(cell, bool):
        return "Sí" if cell else "No"
    if isinstance(cell, datetime | date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float):
        if cell.is_integer():
            return str(int(cell))
        return repr(cell).replace(".", ",")
    return str(cell)


def _normalize(
    path: Path,
    contract: Contract,
    work_dir: Path,
    encoding: str,
    records: Records,
    sheet: str | None = None,
) -> ReadResult:
    normalized = work_dir / f"{path.stem}.normalized.csv"
    rejects: list[StructuralReject] = []
    data_rows = skipped_rows = 0
    first = next(records, None)
    if first is None or not any(cell.strip() for cell in first[1]):
        raise ContractError(f"{path.name}: the file is empty (no header line)")
    header = [cell.strip() for cell in first[1]]
    columns = _match_header(path, header, contract)
    skip_index, skip_values = _skip_rule(contract, columns)
    with (
        normalized.open("w", encoding="utf-8", newline="") as target,
        progress(f"leyendo {path.name}", unit=" filas") as bar,
    ):
        writer = csv.writer(target, delimiter=";", lineterminator="\n")
        writer.writerow([LINE_COLUMN, *(c.name for c in columns)])
        for line_number, fields in records:
            bar.update()
            if not any(field.strip() for field in fields):
                continue  # blank line: nothing to load, nothing lost
            if len(fields) != len(header):
                rejects.append(
                    StructuralReject(
                        line_number,
                        f"la fila tiene {len(fields)} campos y el encabezado {len(header)}",
                        fields,
                    )
                )
                continue
            if skip_index is not None and header_key(fields[skip_index]) in skip_values:
                skipped_rows += 1
                continue
            writer.writerow([line_number, *fields])
            data_rows += 1
    return ReadResult(normalized, encoding, columns, data_rows, rejects, skipped_rows, sheet)


def _skip_rule(contract: Contract, columns: list[Column]) -> tuple[int | None, set[str]]:
    if contract.skip_rows_where is None:
        return None, set()
    name, values = contract.skip_rows_where
    index = next(i for i, column in enumerate(columns) if column.name == name)
    return index, {header_key(value) for value in values}


def _match_header(path: Path, header: list[str], contract: Contract) -> list[Column]:
    """The contract column behind each header cell, in file order; a clear error otherwise."""
    by_key = {key: column for column in contract.columns for key in column.header_keys}
    found = [by_key.get(header_key(cell)) for cell in header]
    missing = [c.header for c in contract.columns if c not in found]
    unexpected = [cell for cell, column in zip(header, found, strict=True) if column is None]
    matched = [column for column in found if column is not None]
    duplicated = sorted({c.header for c in matched if matched.count(c) > 1})
    if missing or unexpected or duplicated:
        problems = []
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if unexpected:
            problems.append(f"unexpected columns: {', '.join(unexpected)}")
        if duplicated:
            problems.append(f"columns that appear twice: {', '.join(duplicated)}")
        raise ContractError(
            f"{path.name}: line 1: the header does not match the contract "
            f"'{contract.source}' ({'; '.join(problems)})"
        )
    return matched
