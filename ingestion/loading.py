"""Load a landed extract into the `raw` schema of DuckDB, enforcing its contract.

Valid rows land in `raw.<table>` with their lineage (file, checksum, line, load id);
rows that break the contract land in `raw.quarantine` with the reason. A file whose
header does not match fails as a whole. Loading the same file twice changes nothing.

An extract is identified by its configured location: a new version of a location's file
replaces its rows, two locations with the same file name both count, and a location no
longer configured is retired (its rows leave the raw tables, its loads stay in the log).
Every physical line is accounted for: data lines = loaded + quarantined + skipped by a
contract rule + blank + joined to the record above; a load that does not balance fails.

The file is staged, checked and inserted a chunk of lines at a time (`open_extract`), all in
one transaction: memory stays bounded whatever the file's size, and a failure at any chunk
(or a file found cut or shrunk at its end) rolls the whole load back.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ingestion.contracts import Column, Contract, Kind, header_key
from ingestion.landing import LandedExtract
from ingestion.reading import (
    BLANK,
    CONTINUATION,
    RECORD,
    SKIPPED,
    STRUCTURAL,
    ContractError,
    ExtractStream,
    open_extract,
)
from ingestion.rut import pseudonym_parameters, pseudonyms_sql

RAW_SCHEMA = "raw"
LINEAGE_COLUMNS = {
    "_load_id": "VARCHAR",
    "_file_name": "VARCHAR",
    "_sha256": "VARCHAR",
    "_sheet": "VARCHAR",  # the workbook sheet; empty for delimited text
    "_line_number": "BIGINT",
}
EXTRACT_LOADS_COLUMNS = {
    "load_id": "varchar primary key",
    "source": "varchar not null",
    "file_name": "varchar not null",
    "sha256": "varchar not null",
    "size_bytes": "bigint not null",
    "location": "varchar not null",  # the extract's identity within its source
    "is_demo": "boolean not null",
    "landed_at": "timestamptz not null",
    "loaded_at": "timestamptz not null",
    "encoding": "varchar not null",
    "rows_loaded": "bigint not null",
    "rows_quarantined": "bigint not null",
    "rows_skipped": "bigint not null",  # by the contract's skip rule (export subtotals)
    # Added after the first release: nullable, so older warehouses migrate in place.
    "data_lines": "bigint",  # physical lines (sheet rows) after the header
    "rows_blank": "bigint",  # blank lines
    "lines_joined": "bigint",  # lines joined to the record above (a column with line breaks)
    "cells_truncated": "bigint",  # optional text cells cut to the contract's max_field_chars
    "sheet": "varchar",
    "retired_at": "timestamptz",  # when its location left the configuration
}
QUARANTINE_COLUMNS = {
    "load_id": "varchar not null",
    "source": "varchar not null",
    "file_name": "varchar not null",
    "sha256": "varchar not null",
    "line_number": "bigint not null",
    "reason": "varchar not null",
    "redacted_line": "varchar not null",
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
MAX_REDACTED_FIELD_CHARS = 200  # enough to find the row in the file, not a copy of it
MAX_ROW_DROP_VARIABLE = "HUASCO_MAX_ROW_DROP"
DEFAULT_MAX_ROW_DROP = 0.5


class VolumeError(ContractError):
    """A new version of an extract has far fewer rows than the one it would replace."""


class AccountingError(RuntimeError):
    """Some physical line of a file is neither loaded, quarantined nor skipped by a rule."""


@dataclass(frozen=True)
class LoadResult:
    source: str
    file_name: str
    sha256: str
    load_id: str | None  # None when the file was already loaded (no-op)
    rows_loaded: int
    rows_quarantined: int
    location: str = ""
    data_lines: int = 0
    rows_skipped: int = 0
    rows_blank: int = 0
    lines_joined: int = 0
    cells_truncated: int = 0

    @property
    def skipped(self) -> bool:
        return self.load_id is None


def max_row_drop() -> float:
    """The share of rows a new version may lose against the previous one before it is refused."""
    text = os.environ.get(MAX_ROW_DROP_VARIABLE, str(DEFAULT_MAX_ROW_DROP))
    try:
        share = float(text)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise ValueError(f"{MAX_ROW_DROP_VARIABLE}={text!r}: must be a share between 0 and 1")
    return share


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the load log and quarantine, or add the columns a newer release needs."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    _create_or_migrate(con, "extract_loads", EXTRACT_LOADS_COLUMNS)
    _create_or_migrate(con, "quarantine", QUARANTINE_COLUMNS)


def _create_or_migrate(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    """Create a raw table, or add the columns a newer release (or contract) has to it."""
    definitions = ", ".join(f"{name} {sql_type}" for name, sql_type in columns.items())
    con.execute(f"create table if not exists {RAW_SCHEMA}.{table} ({definitions})")
    existing = {
        row[0]
        for row in con.execute(
            "select column_name from duckdb_columns() "
            "where schema_name = ? and table_name = ? and database_name = current_database()",
            [RAW_SCHEMA, table],
        ).fetchall()
    }
    for name, sql_type in columns.items():
        if name not in existing:
            constraint = sql_type.replace(" not null", "").replace(" primary key", "")
            con.execute(f"alter table {RAW_SCHEMA}.{table} add column {name} {constraint}")


def load_extract(
    con: duckdb.DuckDBPyConnection,
    landed: LandedExtract,
    contract: Contract,
    rut_key: str,
) -> LoadResult:
    ensure_raw_schema(con)
    if _already_loaded(con, contract, landed):
        return LoadResult(
            contract.source, landed.file_name, landed.sha256, None, 0, 0, landed.location
        )
    read = open_extract(Path(landed.path), contract)
    load_id = uuid.uuid4().hex
    con.execute("begin transaction")
    try:
        _create_raw_table(con, contract)
        _replace_previous_version(con, contract, landed.location)
        con.execute("create or replace temp table accounted_lines (line_number bigint)")
        rows_loaded = rows_quarantined = cells_truncated = 0
        for chunk in read:
            con.register("read_lines", chunk)
            try:
                cells_truncated += _stage(con, read, contract, rut_key)
                rows_loaded += _insert_valid(con, contract, read.sheet, load_id, landed)
                rows_quarantined += _insert_quarantine(con, contract, read, load_id, landed)
                # The lines neither loaded nor quarantined, for the accounting at the end.
                con.execute(
                    f"""
                    insert into accounted_lines select line_number from read_lines
                    where status in ('{BLANK}', '{CONTINUATION}', '{SKIPPED}')
                    """
                )
            finally:
                con.unregister("read_lines")
        _refuse_volume_drop(con, contract, landed, read)
        result = LoadResult(
            contract.source,
            landed.file_name,
            landed.sha256,
            load_id,
            rows_loaded,
            rows_quarantined,
            landed.location,
            read.data_lines,
            read.count(SKIPPED),
            read.count(BLANK),
            read.count(CONTINUATION),
            cells_truncated,
        )
        _log_load(con, result, landed, read)
        _check_accounting(con, contract, landed, read, result)
        for table in ("staged_extract", "staged_text", "rut_pseudonyms", "accounted_lines"):
            con.execute(f"drop table if exists {table}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return result


def retire_unconfigured(
    con: duckdb.DuckDBPyConnection, contract: Contract, configured_locations: Iterable[str]
) -> list[str]:
    """Retire the locations of a source that are no longer configured; return them.

    Their rows leave `raw.<table>` and `raw.quarantine`; their loads stay in the log with
    `retired_at` set, so the history of what was once loaded is kept.
    """
    ensure_raw_schema(con)
    configured = sorted(set(configured_locations))
    retired = [
        row[0]
        for row in con.execute(
            f"""
            select distinct location from {RAW_SCHEMA}.extract_loads
            where source = ? and retired_at is null and not list_contains(?::varchar[], location)
            order by location
            """,
            [contract.source, configured],
        ).fetchall()
    ]
    if not retired:
        return []
    table_exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ? and table_catalog = current_database()",
        [RAW_SCHEMA, contract.raw_table],
    ).fetchone()[0]
    loads = f"""
        select load_id from {RAW_SCHEMA}.extract_loads
        where source = $source and list_contains($retired::varchar[], location)
    """
    parameters = {"source": contract.source, "retired": retired}
    con.execute("begin transaction")
    try:
        if table_exists:
            con.execute(
                f"delete from {RAW_SCHEMA}.{contract.raw_table} where _load_id in ({loads})",
                parameters,
            )
        con.execute(f"delete from {RAW_SCHEMA}.quarantine where load_id in ({loads})", parameters)
        con.execute(
            f"""
            update {RAW_SCHEMA}.extract_loads set retired_at = $now
            where source = $source and list_contains($retired::varchar[], location)
                and retired_at is null
            """,
            {**parameters, "now": datetime.now(UTC)},
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return retired


def _already_loaded(
    con: duckdb.DuckDBPyConnection, contract: Contract, landed: LandedExtract
) -> bool:
    """The location's current load is this file, and all its rows are still there."""
    latest = con.execute(
        f"""
        select load_id, sha256, rows_loaded, rows_quarantined from {RAW_SCHEMA}.extract_loads
        where source = ? and location = ? and retired_at is null
        order by loaded_at desc limit 1
        """,
        [contract.source, landed.location],
    ).fetchall()  # fetchall closes the result before the next statement
    if not latest or latest[0][1] != landed.sha256:
        return False
    load_id, _, rows_loaded, rows_quarantined = latest[0]
    # A warehouse written before locations were identities may have lost a same-named
    # file's rows to another location: then the file loads again.
    try:
        present = con.execute(
            f"select count(*) from {RAW_SCHEMA}.{contract.raw_table} where _load_id = ?",
            [load_id],
        ).fetchone()[0]
    except duckdb.CatalogException:
        return False
    quarantined = con.execute(
        f"select count(*) from {RAW_SCHEMA}.quarantine where load_id = ?", [load_id]
    ).fetchone()[0]
    return (present, quarantined) == (rows_loaded, rows_quarantined)


def _create_raw_table(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    columns = {c.loaded_name: SQL_TYPES[c.kind] for c in contract.loaded_columns}
    _create_or_migrate(con, contract.raw_table, columns | LINEAGE_COLUMNS)


def _replace_previous_version(
    con: duckdb.DuckDBPyConnection, contract: Contract, location: str
) -> None:
    loads = f"select load_id from {RAW_SCHEMA}.extract_loads where source = ? and location = ?"
    con.execute(
        f"delete from {RAW_SCHEMA}.{contract.raw_table} where _load_id in ({loads})",
        [contract.source, location],
    )
    con.execute(
        f"delete from {RAW_SCHEMA}.quarantine where load_id in ({loads})",
        [contract.source, location],
    )


def _stage(
    con: duckdb.DuckDBPyConnection, read: ExtractStream, contract: Contract, rut_key: str
) -> int:
    """Typed rows and their reasons in `staged_extract`; return the cells cut to the limit."""
    limit = contract.max_field_chars
    texts = {}
    truncations = []
    for position, column in enumerate(read.columns, start=1):
        field = f"fields[{position}]"
        if _truncatable(column):
            texts[column] = f"nullif(trim(left({field}, {limit})), '')"
            truncations.append(f"(length({field}) > {limit})::integer")
        else:
            texts[column] = f"nullif(trim({field}), '')"
    truncated = " + ".join(truncations) if truncations else "0"
    # The trimmed texts are materialised once: every check, cast and RUT reads them.
    con.execute(
        f"""
        create or replace temp table staged_text as
        select line_number, {", ".join(f"{sql} as {_text(c)}" for c, sql in texts.items())},
            {truncated} as cells_truncated
        from ({_record_fields(contract)})
        """
    )
    ruts = [c for c in contract.loaded_columns if c.kind is Kind.RUT]
    joins = ""
    if ruts:
        values = " union all ".join(f"select {_text(c)} as value from staged_text" for c in ruts)
        con.execute(
            "create or replace temp table rut_pseudonyms as "
            + pseudonyms_sql(f"select distinct value from ({values}) where value is not null"),
            pseudonym_parameters(rut_key),
        )
        joins = " ".join(
            f"left join rut_pseudonyms as rut_{c.name} on rut_{c.name}.value = {_text(c)}"
            for c in ruts
        )
    typed = ", ".join(f"{_typed_expression(c)} as {c.loaded_name}" for c in contract.loaded_columns)
    # concat_ws leaves out the checks that passed (null): '' means a valid row.
    reasons = (
        "concat_ws('; ', " + ", ".join(_reason_expression(c, limit) for c in contract.columns) + ")"
    )
    con.execute(
        f"""
        create or replace temp table staged_extract as
        with typed as (
            select line_number, cells_truncated, {typed},
                {", ".join(_text(c) for c in read.columns)}
            from staged_text {joins}
        )
        select line_number, cells_truncated,
            {", ".join(c.loaded_name for c in contract.loaded_columns)}, {reasons} as reasons
        from typed
        """
    )
    cells = con.execute("select coalesce(sum(cells_truncated), 0) from staged_extract").fetchone()
    return int(cells[0])


def _record_fields(contract: Contract) -> str:
    """SQL: (line_number, fields) of every record: lines without quotes are split here."""
    delimiter = contract.delimiter.replace("'", "''")
    return f"""
        select line_number, coalesce(fields, string_split(line, '{delimiter}')) as fields
        from read_lines
        where status = '{RECORD}'
    """


def _truncatable(column: Column) -> bool:
    """Optional free text may be cut to the contract's limit; anything else is checked."""
    return column.kind is Kind.TEXT and not column.required and not column.allowed


def _refuse_volume_drop(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    landed: LandedExtract,
    read: ExtractStream,
) -> None:
    previous = con.execute(
        f"""
        select rows_loaded + rows_quarantined, sha256 from {RAW_SCHEMA}.extract_loads
        where source = ? and location = ? and retired_at is null
        order by loaded_at desc limit 1
        """,
        [contract.source, landed.location],
    ).fetchall()
    if not previous:
        return
    previous_rows, previous_sha256 = previous[0]
    rows = read.count(RECORD) + read.count(STRUCTURAL)
    share = max_row_drop()
    if previous_rows and rows < previous_rows * (1 - share):
        raise VolumeError(
            f"{landed.file_name}: line {read.last_line}: el archivo termina con {rows} filas y "
            f"la versión anterior de la misma ubicación (sha256 {previous_sha256[:12]}) tenía "
            f"{previous_rows}: cae más del {share:.0%} permitido ({MAX_ROW_DROP_VARIABLE}); "
            "si la caída es real, súbase ese umbral para esta carga"
        )


def _insert_valid(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
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
        where reasons = ''
        """,
        [load_id, landed.file_name, landed.sha256, sheet],
    ).fetchone()
    return int(result[0])


def _insert_quarantine(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    read: ExtractStream,
    load_id: str,
    landed: LandedExtract,
) -> int:
    identity = [load_id, contract.source, landed.file_name, landed.sha256]
    names = ", ".join(QUARANTINE_COLUMNS)
    redacted = " || ';' || ".join(
        _redacted_expression(c, position) for position, c in enumerate(read.columns, start=1)
    )
    invalid = con.execute(
        f"""
        insert into {RAW_SCHEMA}.quarantine ({names})
        select ?, ?, ?, ?, line_number, reasons, {redacted}
        from staged_extract join ({_record_fields(contract)}) using (line_number)
        where reasons <> ''
        """,
        identity,
    ).fetchone()[0]
    structural = con.execute(
        f"""
        insert into {RAW_SCHEMA}.quarantine ({names})
        select ?, ?, ?, ?, line_number, problem, ?
        from read_lines
        where status = '{STRUCTURAL}'
        """,
        [*identity, STRUCTURAL_REJECT_LINE],
    ).fetchone()[0]
    return int(invalid) + int(structural)


def _log_load(
    con: duckdb.DuckDBPyConnection, result: LoadResult, landed: LandedExtract, read: ExtractStream
) -> None:
    values = {
        "load_id": result.load_id,
        "source": result.source,
        "file_name": landed.file_name,
        "sha256": landed.sha256,
        "size_bytes": landed.size_bytes,
        "location": landed.location,
        "is_demo": landed.is_demo,
        "landed_at": landed.landed_at,
        "loaded_at": datetime.now(UTC),
        "encoding": read.encoding,
        "rows_loaded": result.rows_loaded,
        "rows_quarantined": result.rows_quarantined,
        "rows_skipped": result.rows_skipped,
        "data_lines": result.data_lines,
        "rows_blank": result.rows_blank,
        "lines_joined": result.lines_joined,
        "cells_truncated": result.cells_truncated,
        "sheet": read.sheet,
    }
    con.execute(
        f"insert into {RAW_SCHEMA}.extract_loads ({', '.join(values)}) "
        f"values ({', '.join('?' * len(values))})",
        list(values.values()),
    )


def _check_accounting(
    con: duckdb.DuckDBPyConnection,
    contract: Contract,
    landed: LandedExtract,
    read: ExtractStream,
    result: LoadResult,
) -> None:
    """Every physical data line is loaded, quarantined, skipped by rule, blank or joined: once.

    Counted from what the tables hold, not from the reader's own tallies: the count and the
    sums of the line numbers and of their squares must be those of lines 2..last (a line
    missing and another counted twice would not keep both sums); when they are not, the
    first line at fault is looked up.
    """
    accounted = f"""
        select _line_number as line_number from {RAW_SCHEMA}.{contract.raw_table}
            where _load_id = $load_id
        union all
        select line_number from {RAW_SCHEMA}.quarantine where load_id = $load_id
        union all
        select line_number from accounted_lines
    """
    expected = con.execute(
        "select count(*), sum(n)::hugeint, sum(n::hugeint * n) from range(2, $last + 1) t(n)",
        {"last": read.last_line},
    ).fetchone()
    found = con.execute(
        f"select count(*), sum(line_number)::hugeint, sum(line_number::hugeint * line_number) "
        f"from ({accounted})",
        {"load_id": result.load_id},
    ).fetchone()
    if tuple(expected) == tuple(found):
        return
    first_wrong = con.execute(
        f"""
        with counted as (
            select line_number, count(*) as times from ({accounted}) group by line_number
        )
        select coalesce(lines.line_number, counted.line_number), coalesce(counted.times, 0)
        from range(2, $last + 1) as lines(line_number)
        full outer join counted on counted.line_number = lines.line_number
        where coalesce(counted.times, 0) <> 1
        order by 1
        limit 1
        """,
        {"load_id": result.load_id, "last": read.last_line},
    ).fetchall()
    line, times = first_wrong[0]
    fate = f"se contó {times} veces"
    if times == 0:
        fate = "no quedó cargada, en cuarentena ni omitida"
    raise AccountingError(
        f"{landed.file_name}: line {line}: la línea {fate}: las cuentas no cuadran "
        f"({read.data_lines} líneas de datos; {result.rows_loaded} cargadas, "
        f"{result.rows_quarantined} en cuarentena, {result.rows_skipped} omitidas por regla, "
        f"{result.rows_blank} vacías, {result.lines_joined} unidas a la fila anterior)"
    )


def _struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{sql_type}'" for name, sql_type in columns.items()) + "}"


def _text(column: Column) -> str:
    return f"text_{column.name}"  # trimmed, empty as null (staged_text)


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
        return f"rut_{column.name}.pseudonym"
    raise ValueError(f"{column.kind} is not loaded")


def _reason_expression(column: Column, limit: int) -> str:
    text = _text(column)
    header = column.header.replace("'", "''")
    checks = []
    if column.kind is not Kind.PERSONAL and not _truncatable(column):
        checks.append(
            f"when length({text}) > {limit} then '{header}: el valor tiene ' || length({text}) "
            f"|| ' caracteres y el contrato admite hasta {limit}'"
        )
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
    if column.non_negative:
        checks.append(
            f"when {column.loaded_name} < 0 then '{header}: «' || {text} || '» es negativo'"
        )
    if not checks:
        return "null"
    return "case " + " ".join(checks) + " end"


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _text_key(text: str) -> str:
    """SQL twin of contracts.header_key for values: no case, accents or repeated spaces."""
    return f"upper(trim(regexp_replace(strip_accents({text}), '\\s+', ' ', 'g')))"


def _redacted_expression(column: Column, position: int) -> str:
    """The field as the file has it (untrimmed), unless it is personal data."""
    if column.kind is Kind.PERSONAL:
        return "'[omitido]'"
    if column.kind is Kind.RUT:
        return "'[rut omitido]'"
    return f"left(coalesce(fields[{position}], ''), {MAX_REDACTED_FIELD_CHARS})"
