"""Load a landed extract into the `raw` schema of DuckDB, enforcing its contract.

Valid rows land in `raw.<table>` with their lineage (file, checksum, line, load id);
rows that break the contract land in `raw.quarantine` with the reason. A file whose
header does not match fails as a whole. Loading the same file twice changes nothing.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ingestion.contracts import Column, Contract, Kind, header_key
from ingestion.landing import LandedExtract
from ingestion.reading import LINE_COLUMN, ReadResult, read_extract
from ingestion.rut import normalize_rut, pseudonymise

RAW_SCHEMA = "raw"
LINEAGE_COLUMNS = {
    "_load_id": "VARCHAR",
    "_file_name": "VARCHAR",
    "_sha256": "VARCHAR",
    "_sheet": "VARCHAR",  # the workbook sheet; empty for delimited text
    "_line_number": "BIGINT",
}
SQL_TYPES = {
    Kind.TEXT: "VARCHAR",
    Kind.INTEGER: "BIGINT",
    Kind.DECIMAL: "DOUBLE",
    Kind.MONEY: "BIGINT",
    Kind.DATE: "DATE",
    Kind.BOOLEAN: "BOOLEAN",
    Kind.RUT: "VARCHAR",
}
INTEGER_PATTERN = r"[0-9]{1,3}(\.[0-9]{3})+|[0-9]+"
DATE_PATTERN = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"
DECIMAL_PATTERN = r"-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?"
MONEY_PATTERN = r"-?\$? ?-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)"
TRUE_WORDS = ("SI", "S", "1", "VERDADERO", "TRUE")
FALSE_WORDS = ("NO", "N", "0", "FALSO", "FALSE")
EXPECTED = {
    Kind.INTEGER: "un entero",
    Kind.DECIMAL: "un decimal",
    Kind.MONEY: "un monto en pesos",
    Kind.DATE: "una fecha dd/mm/aaaa",
    Kind.BOOLEAN: "Sí o No",
}
# Misaligned rows cannot be split into fields safely, so personal data cannot be masked.
STRUCTURAL_REJECT_LINE = "[fila con campos desalineados: ver el archivo en la zona de aterrizaje]"


@dataclass(frozen=True)
class LoadResult:
    source: str
    file_name: str
    sha256: str
    load_id: str | None  # None when the file was already loaded (no-op)
    rows_loaded: int
    rows_quarantined: int

    @property
    def skipped(self) -> bool:
        return self.load_id is None


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(
        f"""
        create table if not exists {RAW_SCHEMA}.extract_loads (
            load_id varchar primary key,
            source varchar not null,
            file_name varchar not null,
            sha256 varchar not null,
            size_bytes bigint not null,
            location varchar not null,
            is_demo boolean not null,
            landed_at timestamptz not null,
            loaded_at timestamptz not null,
            encoding varchar not null,
            rows_loaded bigint not null,
            rows_quarantined bigint not null,
            rows_skipped bigint not null
        )
        """
    )
    con.execute(
        f"""
        create table if not exists {RAW_SCHEMA}.quarantine (
            load_id varchar not null,
            source varchar not null,
            file_name varchar not null,
            sha256 varchar not null,
            line_number bigint not null,
            reason varchar not null,
            redacted_line varchar not null
        )
        """
    )


def load_extract(
    con: duckdb.DuckDBPyConnection,
    landed: LandedExtract,
    contract: Contract,
    rut_key: str,
) -> LoadResult:
    ensure_raw_schema(con)
    if _already_loaded(con, contract, landed):
        return LoadResult(contract.source, landed.file_name, landed.sha256, None, 0, 0)
    with tempfile.TemporaryDirectory(prefix="huasco-load-") as work_dir:
        read = read_extract(Path(landed.path), contract, Path(work_dir))
        load_id = uuid.uuid4().hex
        _register_rut_function(con, rut_key)
        con.execute("begin transaction")
        try:
            _create_raw_table(con, contract)
            _replace_previous_version(con, contract, landed.file_name)
            reasons = _stage(con, read, contract)
            rows_loaded = _insert_valid(con, contract, reasons, read.sheet, load_id, landed)
            rows_quarantined = _insert_quarantine(con, contract, reasons, read, load_id, landed)
            con.execute(
                f"insert into {RAW_SCHEMA}.extract_loads values ({', '.join(['?'] * 13)})",
                [
                    load_id,
                    contract.source,
                    landed.file_name,
                    landed.sha256,
                    landed.size_bytes,
                    landed.location,
                    landed.is_demo,
                    landed.landed_at,
                    datetime.now(UTC),
                    read.encoding,
                    rows_loaded,
                    rows_quarantined,
                    read.skipped_rows,
                ],
            )
            con.execute("drop table if exists staged_extract")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return LoadResult(
        contract.source, landed.file_name, landed.sha256, load_id, rows_loaded, rows_quarantined
    )


def _already_loaded(
    con: duckdb.DuckDBPyConnection, contract: Contract, landed: LandedExtract
) -> bool:
    latest = con.execute(
        f"""
        select sha256 from {RAW_SCHEMA}.extract_loads
        where source = ? and file_name = ?
        order by loaded_at desc limit 1
        """,
        [contract.source, landed.file_name],
    ).fetchall()  # fetchall closes the result; an open one blocks remove_function later
    return bool(latest) and latest[0][0] == landed.sha256


def _register_rut_function(con: duckdb.DuckDBPyConnection, rut_key: str) -> None:
    def rut_pseudonym(values: pa.Array) -> pa.Array:
        hashes = []
        for value in values.to_pylist():
            normalized = normalize_rut(value)
            hashes.append(None if normalized is None else pseudonymise(normalized, rut_key))
        return pa.array(hashes, type=pa.string())

    with contextlib.suppress(duckdb.InvalidInputException):  # first registration
        con.remove_function("rut_pseudonym")
    con.create_function(
        "rut_pseudonym",
        rut_pseudonym,
        [duckdb.sqltype("VARCHAR")],
        duckdb.sqltype("VARCHAR"),
        type="arrow",
        null_handling="special",
    )


def _create_raw_table(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    columns = [f"{c.loaded_name} {SQL_TYPES[c.kind]}" for c in contract.loaded_columns]
    columns += [f"{name} {sql_type}" for name, sql_type in LINEAGE_COLUMNS.items()]
    table = f"{RAW_SCHEMA}.{contract.raw_table}"
    con.execute(f"create table if not exists {table} ({', '.join(columns)})")
    for column in columns:  # a table from an older contract gains the new columns
        con.execute(f"alter table {table} add column if not exists {column}")


def _replace_previous_version(
    con: duckdb.DuckDBPyConnection, contract: Contract, file_name: str
) -> None:
    con.execute(f"delete from {RAW_SCHEMA}.{contract.raw_table} where _file_name = ?", [file_name])
    con.execute(
        f"delete from {RAW_SCHEMA}.quarantine where source = ? and file_name = ?",
        [contract.source, file_name],
    )


def _stage(con: duckdb.DuckDBPyConnection, read: ReadResult, contract: Contract) -> str:
    """Read the normalised text into a temp table with typed columns; return the reasons SQL."""
    ordered = read.columns
    text_columns = {LINE_COLUMN: "VARCHAR"} | {f"src_{c.name}": "VARCHAR" for c in ordered}
    typed = ", ".join(f"{_typed_expression(c)} as {c.loaded_name}" for c in contract.loaded_columns)
    redacted = " || ';' || ".join(_redacted_expression(c) for c in ordered)
    con.execute(
        f"""
        create or replace temp table staged_extract as
        select cast({LINE_COLUMN} as bigint) as line_number, {typed}, {redacted} as redacted_line,
            {", ".join(f"src_{c.name}" for c in ordered)}
        from read_csv(?, delim = ';', header = true, quote = '"', escape = '"',
            columns = {_struct(text_columns)})
        """,
        [str(read.normalized_path)],
    )
    return (
        "list_filter(["
        + ", ".join(_reason_expression(c) for c in contract.columns)
        + "], lambda r: r is not null)"
    )


def _insert_valid(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    reasons: str,
    sheet: str | None,
    load_id: str,
    landed: LandedExtract,
) -> int:
    names = [c.loaded_name for c in contract.loaded_columns]
    result = con.execute(
        f"""
        insert into {RAW_SCHEMA}.{contract.raw_table} ({", ".join([*names, *LINEAGE_COLUMNS])})
        select {", ".join(names)}, ?, ?, ?, ?, line_number
        from staged_extract
        where len({reasons}) = 0
        """,
        [load_id, landed.file_name, landed.sha256, sheet],
    ).fetchone()
    return int(result[0])


def _insert_quarantine(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    reasons: str,
    read: ReadResult,
    load_id: str,
    landed: LandedExtract,
) -> int:
    identity = [load_id, contract.source, landed.file_name, landed.sha256]
    result = con.execute(
        f"""
        insert into {RAW_SCHEMA}.quarantine
        select ?, ?, ?, ?, line_number, array_to_string({reasons}, '; '), redacted_line
        from staged_extract
        where len({reasons}) > 0
        """,
        identity,
    ).fetchone()
    if read.rejects:
        con.executemany(
            f"insert into {RAW_SCHEMA}.quarantine values (?, ?, ?, ?, ?, ?, ?)",
            [[*identity, r.line_number, r.reason, STRUCTURAL_REJECT_LINE] for r in read.rejects],
        )
    return int(result[0]) + len(read.rejects)


def _struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{sql_type}'" for name, sql_type in columns.items()) + "}"


def _text(column: Column) -> str:
    return f"nullif(trim(src_{column.name}), '')"


def _typed_expression(column: Column) -> str:
    text = _text(column)
    if column.kind is Kind.TEXT:
        return text
    if column.kind is Kind.INTEGER:
        return (
            f"case when regexp_full_match({text}, '{INTEGER_PATTERN}') "
            f"then try_cast(replace({text}, '.', '') as bigint) end"
        )
    if column.kind is Kind.DECIMAL:
        return (
            f"case when regexp_full_match({text}, '{DECIMAL_PATTERN}') then "
            f"try_cast(replace(replace({text}, '.', ''), ',', '.') as double) end"
        )
    if column.kind is Kind.MONEY:
        digits = f"replace(replace(replace({text}, '$', ''), ' ', ''), '.', '')"
        return (
            f"case when regexp_full_match({text}, '{MONEY_PATTERN}') "
            f"then try_cast({digits} as bigint) end"
        )
    if column.kind is Kind.BOOLEAN:
        word = f"upper(strip_accents({text}))"
        return (
            f"case when {word} in {_sql_list(TRUE_WORDS)} then true "
            f"when {word} in {_sql_list(FALSE_WORDS)} then false end"
        )
    if column.kind is Kind.DATE:
        # strptime alone would read a two-digit year 20 as the year 0020
        return (
            f"case when regexp_full_match({text}, '{DATE_PATTERN}') "
            f"then cast(try_strptime({text}, '%d/%m/%Y') as date) end"
        )
    if column.kind is Kind.RUT:
        return f"rut_pseudonym({text})"
    raise ValueError(f"{column.kind} is not loaded")


def _reason_expression(column: Column) -> str:
    text = _text(column)
    header = column.header.replace("'", "''")
    checks = []
    if column.required:
        checks.append(f"when {text} is null then '{header}: vacío'")
    if column.kind is Kind.RUT:
        checks.append(
            f"when {column.loaded_name} is null "
            f"then '{header}: RUT inválido (dígito verificador o formato)'"
        )
    elif column.kind in EXPECTED:
        checks.append(
            f"when {text} is not null and {column.loaded_name} is null "
            f"then '{header}: «' || {text} || '» no es {EXPECTED[column.kind]}'"
        )
    if column.allowed:
        shown = ", ".join(str(v) for v in column.allowed).replace("'", "''")
        if column.kind is Kind.TEXT:
            keys = _sql_list(tuple(header_key(str(v)) for v in column.allowed))
            condition = f"{_text_key(text)} not in {keys}"
        else:
            condition = f"{column.loaded_name} not in ({', '.join(str(v) for v in column.allowed)})"
        checks.append(
            f"when {condition} then '{header}: «' || {text} || '» no está entre ({shown})'"
        )
    if not checks:
        return "null"
    return "case " + " ".join(checks) + " end"


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _text_key(text: str) -> str:
    """SQL twin of contracts.header_key: no case, accents or repeated spaces."""
    return f"upper(trim(regexp_replace(strip_accents({text}), '\\s+', ' ', 'g')))"


def _redacted_expression(column: Column) -> str:
    if column.kind is Kind.PERSONAL:
        return "'[omitido]'"
    if column.kind is Kind.RUT:
        return "'[rut omitido]'"
    return f"coalesce(src_{column.name}, '')"
