"""Read an extract (delimited text or .xlsx) as its contract says, keeping line numbers.

The result is an Arrow table with one row per physical line after the header (one per sheet
row for a workbook): its number, its status (a record, a blank line, a structural reject or
a line joined to the record above it) and, for a record, its fields in file order.

Delimited text is read in bulk: the file is transcoded to UTF-8 only when it is not UTF-8
already and split into physical lines at C speed (numpy, Arrow); delimiters and quotes are
counted per line the same way, and a line without quotes is split into fields where it is
loaded (DuckDB). Only lines holding a double quote go through Python's csv module, one
physical line at a time:
a quote that does not close on its own line is an error of that line, never a reason to
read the following lines into one field (unless the contract lets a column hold line
breaks, and then at most `Contract.max_lines_per_record` lines are joined, and counted).

A file is read as a stream of chunks (`open_extract`), about `TEXT_CHUNK_BYTES` of text or
`WORKBOOK_CHUNK_ROWS` sheet rows each, so that memory does not grow with the file: a country-wide
extract (a 377 MB delivery log) is never held whole. `read_extract` gathers the chunks of a
small file for inspection.
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from operator import itemgetter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from python_calamine import CalamineWorkbook

from ingestion.contracts import Column, Contract, Kind, header_key


class ContractError(ValueError):
    """The file as a whole does not match its contract (it is not loaded at all)."""


# Line statuses; every physical data line has exactly one.
RECORD = "registro"
BLANK = "vacía"
STRUCTURAL = "estructural"
CONTINUATION = "continuación"  # joined to the record above (a column that may hold line breaks)
SKIPPED = "omitida"  # not a record by the contract's rule (export subtotals)

LINES_SCHEMA = pa.schema(
    [
        ("line_number", pa.int64()),
        ("status", pa.string()),
        ("problem", pa.string()),  # why a structural reject is one
        # A record's fields in file order, when the line needed the csv parser (quotes);
        # otherwise the line itself, split on the delimiter where it is loaded.
        ("fields", pa.list_(pa.large_string())),
        ("line", pa.large_string()),
    ]
)
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Excel serials count days from here from 61 (01/03/1900) on: Excel counts a 29/02/1900.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_FIRST_SERIAL = 61
EXCEL_LAST_SERIAL = 2958465  # 31/12/9999
UNCLOSED_QUOTE = "comilla sin cerrar: un campo abre comillas y no las cierra en la misma línea"
# Sheet rows per chunk, as Python lists: 100,000 rows added 256 MB to the 815 MB calamine
# holds for a 400,000-row sheet (scale 100), 25,000 rows add 20 MB; the time is the same
# within the noise.
WORKBOOK_CHUNK_ROWS = 25_000
# Text read per chunk: large enough that the per-chunk statements cost nothing, small enough
# that a chunk's lines, their Arrow arrays and DuckDB's staging stay well under the memory target.
TEXT_CHUNK_BYTES = 32 * 2**20
# Python's str.strip() whitespace, as an RE2 class: a row is blank exactly as strip() sees it.
_WHITESPACE = r"[\t\n\x0b\f\r\x{1c}-\x{1f}\x{85}\pZ]"
MISPLACED_QUOTE = "comillas mal formadas: hay texto después de la comilla que cierra un campo"


@dataclass(frozen=True)
class StructuralReject:
    line_number: int
    reason: str
    fields: list[str] | None  # None when the line could not be split into fields


@dataclass(frozen=True)
class ReadResult:
    lines: pa.Table  # LINES_SCHEMA, one row per physical line after the header
    encoding: str  # or "xlsx"
    columns: list[Column]  # the contract's columns in the order the file has them
    data_lines: int  # physical lines (sheet rows) after the header
    sheet: str | None = None  # the sheet read, for a workbook
    delimiter: str = ";"

    def count(self, status: str) -> int:
        return int(pc.sum(pc.equal(self.lines["status"], status)).as_py() or 0)

    @property
    def last_line(self) -> int:
        return self.data_lines + 1

    @property
    def data_rows(self) -> int:
        """Records to load (each valid or quarantined by the loader's checks)."""
        return self.count(RECORD)

    @property
    def skipped_rows(self) -> int:
        return self.count(SKIPPED)

    def records(self) -> list[tuple[int, list[str]]]:
        """(line number, fields) of every record, in file order (for inspection, not loading)."""
        rows = self.lines.filter(pc.equal(self.lines["status"], RECORD)).sort_by("line_number")
        return [(row["line_number"], self._fields(row)) for row in rows.to_pylist()]

    def _fields(self, row: dict) -> list[str] | None:
        return row["fields"] if row["line"] is None else row["line"].split(self.delimiter)

    @property
    def rejects(self) -> list[StructuralReject]:
        rows = self.lines.filter(pc.equal(self.lines["status"], STRUCTURAL)).sort_by("line_number")
        return [
            StructuralReject(row["line_number"], row["problem"], self._fields(row))
            for row in rows.to_pylist()
        ]


def read_extract(path: Path, contract: Contract, work_dir: Path | None = None) -> ReadResult:
    """Read a landed extract in the format its contract declares, whole (for inspection and
    for small files; the loader streams it with `open_extract`).

    `work_dir` is accepted for callers of the earlier, file-writing reader; nothing is
    written any more.
    """
    stream = open_extract(path, contract)
    chunks = list(stream)
    table = pa.concat_tables(chunks) if chunks else LINES_SCHEMA.empty_table()
    return ReadResult(
        table, stream.encoding, stream.columns, stream.data_lines, stream.sheet, stream.delimiter
    )


@dataclass
class ExtractStream:
    """An extract opened against its contract: its encoding and header are known (and were
    checked); iterating yields its lines in chunks (LINES_SCHEMA tables, in file order).

    The tallies grow as chunks are read; once the last chunk is read, a file cut mid-row or
    without data rows raises ContractError, as reading it whole would.
    """

    path: Path
    encoding: str  # or "xlsx"
    columns: list[Column]
    chunks: Iterator[pa.Table]  # ends by returning whether the text ends with a line end
    sheet: str | None = None
    delimiter: str = ";"
    data_lines: int = 0  # physical lines (sheet rows) after the header, read so far
    counts: Counter = field(default_factory=Counter)  # lines per status, read so far
    _last: tuple[str, str | None] | None = None  # status and problem of the last line read

    def __iter__(self) -> Iterator[pa.Table]:
        while True:
            try:
                table = next(self.chunks)
            except StopIteration as end:
                self._refuse_truncated_or_empty(end.value is not False)
                return
            self._tally(table)
            yield table

    def count(self, status: str) -> int:
        return self.counts[status]

    @property
    def last_line(self) -> int:
        return self.data_lines + 1

    def _tally(self, table: pa.Table) -> None:
        if not len(table):
            return
        for status, times in zip(*pc.value_counts(table["status"]).flatten(), strict=True):
            self.counts[status.as_py()] += times.as_py()
        last = pc.max(table["line_number"]).as_py()
        self.data_lines = last - 1
        row = table.filter(pc.equal(table["line_number"], last))
        self._last = (row["status"][0].as_py(), row["problem"][0].as_py())

    def _refuse_truncated_or_empty(self, ends_with_newline: bool) -> None:
        """A file cut mid-row, or with no data at all, is an error of the file, not zero rows."""
        if self.count(RECORD) + self.count(STRUCTURAL) == 0:
            raise ContractError(
                f"{self.path.name}: line {self.last_line}: el archivo no tiene filas de datos "
                "(solo el encabezado): una exportación vacía no reemplaza la versión anterior"
            )
        if ends_with_newline or self._last is None or self._last[0] != STRUCTURAL:
            return
        raise ContractError(
            f"{self.path.name}: line {self.last_line}: el archivo termina a mitad de una fila "
            f"({self._last[1]}, sin fin de línea): parece cortado; "
            "vuelva a descargarlo o exportarlo"
        )


def open_extract(path: Path, contract: Contract) -> ExtractStream:
    """Open a landed extract: its encoding and header are checked now (ContractError), its
    lines are read as the stream is iterated."""
    if contract.file_format == "xlsx":
        return _open_workbook(path, contract)
    streamed = _streamed_encoding(path, contract.encodings)
    if streamed is not None:
        encoding, skip = streamed
        blocks = _file_blocks(path, skip, encoding)
    else:  # UTF-16, or an error to name: decided on the whole file as before, then chunked
        encoding, text = decode(path, path.read_bytes(), contract.encodings)
        blocks = _text_blocks(text)
    return _open_text(path, contract, encoding, blocks)


def _streamed_encoding(path: Path, candidates: tuple[str, ...]) -> tuple[str, int] | None:
    """The encoding `decode` would choose for the file, and the bytes of BOM to skip, found a
    block at a time; None when the file is UTF-16, an encoding is not one whose blocks can be
    cut at line ends, or no candidate fits (then `decode` reads the whole file, to transcode it
    or to name the error where it is)."""
    with path.open("rb") as handle:
        start = handle.read(4096)
    if start.startswith(UTF16_BOMS) or b"\x00" in start:
        return None
    if start.startswith(codecs.BOM_UTF8) and "utf-8-sig" in candidates:
        return ("utf-8-sig", 3) if _decodes(path, 3, "utf-8") else None
    for encoding in [c for c in candidates if c != "utf-8-sig"]:
        if not _cut_at_line_ends(encoding):
            return None
        if _decodes(path, 0, encoding):
            return encoding, 0
        if codecs.lookup(encoding).name == "utf-8" and _holds_utf8_sequences(path):
            return None  # mixed: `decode` names the lines
    return None


def _cut_at_line_ends(encoding: str) -> bool:
    """UTF-8 and single-byte encodings: a 0x0A byte is a line feed, and blocks of whole lines
    decode on their own."""
    codec = codecs.lookup(encoding)
    return codec.name == "utf-8" or len(bytes(range(256)).decode(encoding, "replace")) == 256


def _decodes(path: Path, skip: int, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as handle:
        handle.seek(skip)
        try:
            while block := handle.read(TEXT_CHUNK_BYTES):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _holds_utf8_sequences(path: Path) -> bool:
    """Whether the file holds UTF-8 for á, é, ñ, ° (see _refuse_mixed_utf8), a block at a time."""
    previous = b""
    with path.open("rb") as handle:
        while block := handle.read(TEXT_CHUNK_BYTES):
            pair = previous + block
            previous = block[-1:]
            if b"\xc2" not in pair and b"\xc3" not in pair:
                continue  # no lead byte (a memchr): most cp1252 blocks
            buffer = np.frombuffer(pair, dtype=np.uint8)
            if (((buffer[:-1] & 0xFE) == 0xC2) & ((buffer[1:] & 0xC0) == 0x80)).any():
                return True
    return False


def _file_blocks(path: Path, skip: int, encoding: str) -> Iterator[bytes]:
    """The file from `skip` on as UTF-8, in blocks of whole lines (the last may lack its line
    end)."""
    transcode = codecs.lookup(encoding).name != "utf-8"
    with path.open("rb") as handle:
        handle.seek(skip)
        rest = b""
        while block := handle.read(TEXT_CHUNK_BYTES):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                yield block[:cut].decode(encoding).encode("utf-8") if transcode else block[:cut]
        if rest:
            yield rest.decode(encoding).encode("utf-8") if transcode else rest


def _text_blocks(text: bytes) -> Iterator[bytes]:
    """Text already in memory (transcoded to UTF-8) in blocks of whole lines."""
    start = 0
    while start < len(text):
        cut = text.find(b"\n", start + TEXT_CHUNK_BYTES) + 1 or len(text)
        yield text[start:cut]
        start = cut


def decode(path: Path, data: bytes, candidates: tuple[str, ...]) -> tuple[str, bytes]:
    """The encoding a file is in and its text as UTF-8 bytes (without a BOM).

    UTF-16 is recognised by its BOM (Excel's "Unicode text") and read whatever the
    contract lists: a BOM cannot be mistaken. Otherwise the first candidate that decodes the
    whole file wins; a file that is partly UTF-8 and partly not is refused as mixed, at its
    first line that is not UTF-8. Errors name the line and column (in bytes) of the first
    undecodable byte.
    """
    if data.startswith(UTF16_BOMS):
        try:
            return "utf-16", data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            raise _decode_error(path, data, error, "utf-16") from error
    if b"\x00" in data[:4096]:
        raise ContractError(
            f"{path.name}: line 1: el archivo tiene bytes nulos: parece UTF-16 sin BOM; "
            f"expórtelo como {', '.join(candidates)}"
        )
    if data.startswith(codecs.BOM_UTF8) and "utf-8-sig" in candidates:
        try:
            data[3:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _decode_error(path, data, error, "utf-8-sig", offset=3) from error
        return "utf-8-sig", data[3:]
    ordered = [c for c in candidates if c != "utf-8-sig"]
    error: UnicodeDecodeError | None = None
    for encoding in ordered:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as failure:
            if encoding == "utf-8":
                _refuse_mixed_utf8(path, data, failure)
            error = failure
            continue
        return encoding, data if encoding == "utf-8" else text.encode("utf-8")
    assert error is not None
    raise _decode_error(path, data, error, ", ".join(ordered))


def _refuse_mixed_utf8(path: Path, data: bytes, failure: UnicodeDecodeError) -> None:
    """Refuse a file that is not valid UTF-8 but holds UTF-8 text.

    0xC2 or 0xC3 followed by a byte of 0x80-0xBF is UTF-8 for á, é, ñ, °...; read as cp1252
    it is Ã or Â before a symbol, which Spanish never writes.
    """
    buffer = np.frombuffer(data, dtype=np.uint8)
    lead = (buffer[:-1] & 0xFE) == 0xC2  # 0xC2 or 0xC3
    sequences = np.flatnonzero(lead & ((buffer[1:] & 0xC0) == 0x80))  # then 0x80-0xBF
    if len(sequences) == 0:
        return
    utf8_line = data.count(b"\n", 0, int(sequences[0])) + 1
    line, column = _position(data, failure.start)
    raise ContractError(
        f"{path.name}: line {line}, column {column}: byte 0x{data[failure.start]:02x} is not "
        f"UTF-8, but line {utf8_line} is UTF-8: el archivo mezcla codificaciones (UTF-8 y otra, "
        "p. ej. cp1252); expórtelo de nuevo en una sola"
    )


def _decode_error(
    path: Path, data: bytes, error: UnicodeDecodeError, tried: str, offset: int = 0
) -> ContractError:
    start = error.start + offset
    line, column = _position(data, start)
    return ContractError(
        f"{path.name}: line {line}, column {column}: byte 0x{data[start]:02x} cannot be decoded "
        f"as any of {tried}"
    )


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _physical_lines(text: bytes) -> tuple[pa.LargeStringArray, np.ndarray]:
    """Every physical line (terminator removed) as a zero-copy view over the UTF-8 text, and
    the offset where each line ends (after its line feed)."""
    buffer = np.frombuffer(text, dtype=np.uint8)
    ends = np.flatnonzero(buffer == ord("\n")) + 1
    if len(text) and text[-1:] != b"\n":
        ends = np.append(ends, len(text))
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    lines = pa.LargeStringArray.from_buffers(
        len(ends), pa.py_buffer(offsets.tobytes()), pa.py_buffer(text)
    )
    return pc.utf8_rtrim(lines, characters="\r\n"), ends


def _per_line(buffer: np.ndarray, ends: np.ndarray, byte: int) -> np.ndarray:
    """How many times a byte occurs in each line (UTF-8 never uses an ASCII byte otherwise)."""
    lines = np.searchsorted(ends, np.flatnonzero(buffer == byte), side="right")
    return np.bincount(lines, minlength=len(ends))[: len(ends)]


def _open_text(
    path: Path, contract: Contract, encoding: str, blocks: Iterator[bytes]
) -> ExtractStream:
    first = next(blocks, b"")
    header_end = first.find(b"\n") + 1 or len(first)
    header_line = first[:header_end].decode("utf-8").rstrip("\r\n")
    header, problem = _parse_line(header_line, contract.delimiter)
    if problem is not None:
        raise ContractError(f"{path.name}: line 1: el encabezado tiene {problem}")
    if not any(cell.strip() for cell in header):
        raise ContractError(f"{path.name}: the file is empty (no header line)")
    columns = _match_header(path, [cell.strip() for cell in header], contract)
    chunks = _text_chunks(first[header_end:], blocks, contract, columns)
    return ExtractStream(path, encoding, columns, chunks, delimiter=contract.delimiter)


def _text_chunks(
    start: bytes, blocks: Iterator[bytes], contract: Contract, columns: list[Column]
) -> Iterator[pa.Table]:
    """LINES_SCHEMA tables of the data lines, a block at a time; returns whether the text
    ends with a line end. Lines that may still join a record going on in the next block are
    carried over to it."""
    carried = start
    first_line = 2
    ends_with_newline = True
    pending = next(blocks, None)
    while True:
        final = pending is None
        text = carried if final else carried + pending
        if text:
            ends_with_newline = text.endswith(b"\n")
        table, used_bytes, used_lines = _text_lines(text, contract, columns, first_line, final)
        if used_lines:
            yield table
        carried, first_line = text[used_bytes:], first_line + used_lines
        if final:
            return ends_with_newline
        pending = next(blocks, None)


def _text_lines(
    text: bytes, contract: Contract, columns: list[Column], first_line: int, final: bool
) -> tuple[pa.Table, int, int]:
    """LINES_SCHEMA rows of the whole lines of `text` that cannot belong to a record going
    on past it (all of them when `final`), numbered from `first_line`; and how many bytes and
    lines that is."""
    lines, ends = _physical_lines(text)
    buffer = np.frombuffer(text, dtype=np.uint8)
    quoted = _per_line(buffer, ends, ord('"')) > 0
    count = len(lines) if final else _safe_cut(quoted, contract, columns)
    if count < len(lines):
        lines, ends, quoted = lines.slice(0, count), ends[:count], quoted[:count]
    used_bytes = int(ends[-1]) if count else 0
    expected = len(columns)
    field_counts = _per_line(buffer, ends, ord(contract.delimiter)) + 1
    blank = pc.match_substring_regex(lines, rf"^[\s{re.escape(contract.delimiter)}]*$")
    blank = blank.to_numpy(zero_copy_only=False)
    wrong = ~blank & (field_counts != expected)
    quoted_rows = _quoted_lines(lines, np.flatnonzero(quoted), contract, columns)
    replaced = np.zeros(count, dtype=bool)
    replaced[[index for index, _, _, _ in quoted_rows]] = True
    keep = pa.array(~replaced)
    is_wrong = pa.array(wrong)
    status = pc.if_else(pa.array(blank), BLANK, pc.if_else(is_wrong, STRUCTURAL, RECORD))
    problem_text = pa.nulls(count, pa.string())
    if wrong.any():
        problem_text = pc.if_else(
            is_wrong, _field_count_reason(pa.array(field_counts), expected), None
        )
    numbers = np.arange(first_line, first_line + count, dtype=np.int64)
    plain = pa.table(
        {
            "line_number": pa.array(numbers).filter(keep),
            "status": status.filter(keep),
            "problem": problem_text.filter(keep),
            "fields": pa.nulls(count, LINES_SCHEMA.field("fields").type).filter(keep),
            "line": lines.filter(keep),
        },
        schema=LINES_SCHEMA,
    )
    table = pa.concat_tables(
        [
            plain,
            pa.table(
                {
                    "line_number": [index + first_line for index, _, _, _ in quoted_rows],
                    "status": [row_status for _, row_status, _, _ in quoted_rows],
                    "problem": [problem for _, _, problem, _ in quoted_rows],
                    "fields": [row_fields for _, _, _, row_fields in quoted_rows],
                    "line": [None] * len(quoted_rows),
                },
                schema=LINES_SCHEMA,
            ),
        ]
    )
    table = _skip_by_rule(_wrong_field_counts(table, expected), contract, columns)
    return table, used_bytes, count


def _safe_cut(quoted: np.ndarray, contract: Contract, columns: list[Column]) -> int:
    """How many leading lines of a block can be read without the lines after it.

    A record spans several lines only when its first line holds a quote and a column may hold
    line breaks, and then at most `max_lines_per_record` lines. So a cut is safe where the
    `max_lines_per_record - 1` lines before it hold no quote: no record starting there goes
    on past it, and any record starting earlier has ended.
    """
    cut = len(quoted)
    if not any(column.may_hold_line_breaks for column in columns):
        return cut
    reach = contract.max_lines_per_record - 1
    while cut > 0:
        window_start = max(0, cut - reach)
        inside = np.flatnonzero(quoted[window_start:cut])
        if not len(inside):
            return cut
        cut = window_start + int(inside[0])
    return 0


QuotedRow = tuple[int, str, str | None, list[str] | None]  # index, status, problem, fields


def _quoted_lines(
    data: pa.LargeStringArray, indexes: np.ndarray, contract: Contract, columns: list[Column]
) -> list[QuotedRow]:
    """Parse, one physical line at a time, the lines that hold a double quote."""
    breakable = {i for i, column in enumerate(columns) if column.may_hold_line_breaks}
    rows: list[QuotedRow] = []
    consumed_until = -1
    with _no_csv_field_limit():
        for index in indexes.tolist():
            if index <= consumed_until:
                continue  # already joined to the record above
            line = data[index].as_py()
            fields, problem = _parse_line(line, contract.delimiter)
            if problem == UNCLOSED_QUOTE and breakable:
                joined = _join_lines(data, index, contract, breakable)
                if joined is not None:
                    fields, last = joined
                    rows.append((index, RECORD, None, fields))
                    rows += [(i, CONTINUATION, None, None) for i in range(index + 1, last + 1)]
                    consumed_until = last
                    continue
            if problem is not None:
                rows.append((index, STRUCTURAL, problem, None))
            elif not any(field.strip() for field in fields):
                rows.append((index, BLANK, None, None))
            else:
                rows.append((index, RECORD, None, fields))  # its field count is checked later
    return rows


def _join_lines(
    data: pa.LargeStringArray, index: int, contract: Contract, breakable: set[int]
) -> tuple[list[str], int] | None:
    """The record that starts at `index` when its quoted field goes on over the next lines.

    At most `max_lines_per_record` lines, and only line breaks inside the columns the
    contract lets hold them; None otherwise (the first line is then a structural reject).
    """
    text = data[index].as_py()
    last_index = min(index + contract.max_lines_per_record, len(data)) - 1
    for last in range(index + 1, last_index + 1):
        text += "\n" + data[last].as_py()
        fields, problem = _parse_line(text, contract.delimiter)
        if problem == UNCLOSED_QUOTE:
            continue
        if problem is not None:
            return None
        broken = {i for i, field in enumerate(fields) if "\n" in field}
        return (fields, last) if broken <= breakable else None
    return None


def _parse_line(line: str, delimiter: str) -> tuple[list[str], str | None]:
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), []), None
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            return [], UNCLOSED_QUOTE
        return [], MISPLACED_QUOTE


@contextmanager
def _no_csv_field_limit() -> Iterator[None]:
    """Field sizes are the contract's rule (max_field_chars), not the csv module's default."""
    previous = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _wrong_field_counts(table: pa.Table, expected: int) -> pa.Table:
    lengths = pc.list_value_length(table["fields"])
    wrong = pc.fill_null(
        pc.and_(pc.equal(table["status"], RECORD), pc.not_equal(lengths, expected)), False
    )
    if not pc.any(wrong).as_py():
        return table
    reasons = _field_count_reason(lengths, expected)
    return table.set_column(1, "status", pc.if_else(wrong, STRUCTURAL, table["status"])).set_column(
        2, "problem", pc.if_else(wrong, reasons, table["problem"])
    )


def _field_count_reason(counts: pa.Array, expected: int) -> pa.Array:
    return pc.binary_join_element_wise(
        "la fila tiene ", pc.cast(counts, pa.string()), f" campos y el encabezado {expected}", ""
    )


def _skip_by_rule(table: pa.Table, contract: Contract, columns: list[Column]) -> pa.Table:
    """Mark the records the contract says are not records (compared like headers)."""
    if contract.skip_rows_where is None:
        return table
    name, labels = contract.skip_rows_where
    position = next(i for i, column in enumerate(columns) if column.name == name)
    keys = {header_key(label) for label in labels}
    records = pc.equal(table["status"], RECORD)
    split = pc.split_pattern(pc.fill_null(table["line"], ""), contract.delimiter)
    fields = pc.if_else(pc.is_null(table["fields"]), split, table["fields"])
    padding = pa.scalar([""] * len(columns), fields.type)
    values = pc.list_element(pc.if_else(records, fields, padding), position)
    distinct = pc.unique(values).to_pylist()
    marked = [value for value in distinct if value is not None and header_key(value) in keys]
    skip = pc.and_(records, pc.is_in(values, pa.array(marked, values.type)))
    return table.set_column(1, "status", pc.if_else(skip, SKIPPED, table["status"]))


def _open_workbook(path: Path, contract: Contract) -> ExtractStream:
    sheet, rows = _xlsx_rows(path, contract)
    first = next(rows, None)
    if first is None or not any(_cell_text(cell).strip() for cell in first):
        raise ContractError(f"{path.name}: the file is empty (no header line)")
    columns = _match_header(path, [_cell_text(cell).strip() for cell in first], contract)
    return ExtractStream(path, "xlsx", columns, _workbook_chunks(rows, contract, columns), sheet)


def _workbook_chunks(
    rows: Iterator[list[object]], contract: Contract, columns: list[Column]
) -> Iterator[pa.Table]:
    dates = [column.kind is Kind.DATE for column in columns]
    line_number = 2
    # A chunk of rows at a time, converted column by column: memory stays bounded and the
    # cells of one type are turned into text together instead of one Python call each.
    while chunk := list(islice(rows, WORKBOOK_CHUNK_ROWS)):
        table = _workbook_lines(chunk, dates, line_number)
        line_number += len(chunk)
        yield _skip_by_rule(_wrong_field_counts(table, len(columns)), contract, columns)
    return True


def _workbook_lines(rows: list[list[object]], dates: list[bool], first_line: int) -> pa.Table:
    """LINES_SCHEMA rows of sheet rows (calamine's range is rectangular: one width)."""
    count = len(rows)
    cells = [
        _column_text(list(values), i < len(dates) and dates[i])
        for i, values in enumerate(zip(*rows, strict=True))
    ]
    # A row is blank when all its cells together are whitespace (one regex over the row).
    joined = pc.binary_join_element_wise(*cells, pa.scalar("", pa.large_string()))
    blank = pc.match_substring_regex(joined, rf"^{_WHITESPACE}*$").to_numpy(zero_copy_only=False)
    width = len(cells)
    # Row-major: cell (row r, column c) sits at c * count + r of the concatenated columns.
    order = (np.arange(count)[:, None] + np.arange(width)[None, :] * count).ravel()
    flat = (
        pa.concat_arrays(cells).take(pa.array(order)) if width else pa.array([], pa.large_string())
    )
    offsets = pa.array(np.arange(0, count * width + 1, width, dtype=np.int32))
    fields = pa.ListArray.from_arrays(offsets, flat, mask=pa.array(blank))
    return pa.table(
        {
            "line_number": pa.array(np.arange(first_line, first_line + count, dtype=np.int64)),
            "status": pa.array(np.where(blank, BLANK, RECORD).tolist(), pa.string()),
            "problem": pa.nulls(count, pa.string()),
            "fields": fields,
            "line": pa.nulls(count, pa.large_string()),
        },
        schema=LINES_SCHEMA,
    )


def _column_text(values: list[object], is_date: bool) -> pa.Array:
    """A sheet column as text, exactly as _cell_text / _date_cell_text would write each cell:
    the common cell types (text, dates, whole numbers, booleans) in bulk, any other cell alone.
    """
    types = list(map(type, values))
    kinds = set(types)
    if kinds <= {str}:
        return pa.array(values, pa.large_string())
    codes = np.fromiter(map(id, types), dtype=np.int64, count=len(types))
    pieces, positions = [], []
    for kind in kinds:
        where = np.flatnonzero(codes == id(kind))
        cells = list(itemgetter(*where.tolist())(values)) if len(where) > 1 else [values[where[0]]]
        pieces.append(_cells_of_one_type(cells, kind, is_date))
        positions.append(where)
    # Back in sheet order: the piece cell at k belongs at row positions[k].
    order = np.argsort(np.concatenate(positions), kind="stable")
    return pa.concat_arrays(pieces).take(pa.array(order))


def _cells_of_one_type(cells: list[object], kind: type, is_date: bool) -> pa.Array:
    convert = _date_cell_text if is_date else _cell_text
    if kind is str:
        return pa.array(cells, pa.large_string())
    if kind is bool:
        return pc.if_else(pa.array(cells, pa.bool_()), "Sí", "No").cast(pa.large_string())
    if kind is date or kind is datetime:
        stamps = pa.array(cells, pa.date32() if kind is date else pa.timestamp("us"))
        # Python writes years before 1000 without padding; such cells go one by one.
        if pc.min(pc.year(stamps)).as_py() >= 1000:
            return pc.strftime(stamps, format="%d/%m/%Y").cast(pa.large_string())
    if kind is float and not is_date:
        numbers = np.array(cells, dtype=np.float64)
        whole = np.isfinite(numbers) & (numbers == np.trunc(numbers)) & (np.abs(numbers) < 2**62)
        wholes = pa.array(np.where(whole, numbers, 0).astype(np.int64)).cast(pa.large_string())
        if whole.all():
            return wholes
        others: list[str | None] = [None] * len(cells)
        for index in np.flatnonzero(~whole).tolist():
            others[index] = convert(cells[index])
        return pc.if_else(pa.array(whole), wholes, pa.array(others, pa.large_string()))
    return pa.array([convert(cell) for cell in cells], pa.large_string())


def _xlsx_rows(path: Path, contract: Contract) -> tuple[str, Iterator[list[object]]]:
    """The sheet read and its rows (the first is row 1, as Excel numbers them)."""
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
    return name, iter(workbook.get_sheet_by_name(name).iter_rows())


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


def _date_cell_text(cell: object) -> str:
    """A date column's cell: a bare Excel serial (a number without date format) is a date."""
    is_number = isinstance(cell, int | float) and not isinstance(cell, bool)
    if is_number and EXCEL_FIRST_SERIAL <= cell <= EXCEL_LAST_SERIAL:
        return (EXCEL_EPOCH + timedelta(days=int(cell))).strftime("%d/%m/%Y")
    return _cell_text(cell)


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
