"""Read a delimited extract as the contract says, streaming, keeping physical line numbers.

The result is a UTF-8 copy with a leading line-number column that DuckDB reads in bulk,
plus the structural rejects (wrong field count) with their line numbers.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

from ingestion.contracts import Contract, header_key

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
    encoding: str
    header: list[str]
    data_rows: int
    rejects: list[StructuralReject]


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


def read_delimited(path: Path, contract: Contract, work_dir: Path) -> ReadResult:
    encoding = detect_encoding(path, contract.encodings)
    normalized = work_dir / f"{path.stem}.normalized.csv"
    rejects: list[StructuralReject] = []
    data_rows = 0
    with (
        path.open("r", encoding=encoding, newline="") as source,
        normalized.open("w", encoding="utf-8", newline="") as target,
    ):
        reader = csv.reader(source, delimiter=contract.delimiter)
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise ContractError(f"{path.name}: the file is empty (no header line)")
        header = [cell.strip() for cell in header]
        _check_header(path, header, contract)
        writer = csv.writer(target, delimiter=";", lineterminator="\n")
        writer.writerow([LINE_COLUMN, *header])
        while True:
            line_number = reader.line_num + 1  # where this record starts
            try:
                fields = next(reader, None)
            except csv.Error as error:
                raise ContractError(f"{path.name}: line {reader.line_num}: {error}") from error
            if fields is None:
                break
            if not fields or (len(fields) == 1 and not fields[0].strip()):
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
            writer.writerow([line_number, *fields])
            data_rows += 1
    return ReadResult(normalized, encoding, header, data_rows, rejects)


def _check_header(path: Path, header: list[str], contract: Contract) -> None:
    expected = {header_key(c.header): c.header for c in contract.columns}
    found = {header_key(h): h for h in header}
    missing = [expected[k] for k in expected if k not in found]
    unexpected = [found[k] for k in found if k not in expected]
    duplicated = len(found) != len(header)
    if missing or unexpected or duplicated:
        problems = []
        if missing:
            problems.append(f"missing columns: {', '.join(missing)}")
        if unexpected:
            problems.append(f"unexpected columns: {', '.join(unexpected)}")
        if duplicated:
            problems.append("a column appears twice")
        raise ContractError(
            f"{path.name}: line 1: the header does not match the contract "
            f"'{contract.source}' ({'; '.join(problems)})"
        )
