"""Loading a landed extract into DuckDB `raw`, with lineage, quarantine and idempotence."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from leaks import personal_data_found

from ingestion import loading, warehouse
from ingestion.contracts import Cadence, Column, Contract, Kind
from ingestion.landing import LandedExtract
from ingestion.loading import (
    STRUCTURAL_REJECT_LINE,
    LoadResult,
    load_extract,
    retire_unconfigured,
)
from ingestion.reading import UNCLOSED_QUOTE, ContractError
from ingestion.rut import pseudonymise
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS

KEY = "clave-de-prueba"
HEADER = "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
VALID = "100.001;23/05/2020;1;Atacama;Chañaral;12.345.678-5;Zenobia Quispe Ulloa;Calle Secreta 4321"

WriteExtract = Callable[..., Path]
LandedFrom = Callable[..., LandedExtract]
Connection = duckdb.DuckDBPyConnection


@pytest.fixture
def load(con: Connection, landed_from: LandedFrom) -> Callable[..., LoadResult]:
    def run(path: Path, file_name: str | None = None, location: str | None = None) -> LoadResult:
        landed = landed_from(path, file_name)
        if location is not None:  # another version of the extract at that location
            landed = replace(landed, location=location)
        return load_extract(con, landed, ALIMENTOS_ENTREGAS, KEY)

    return run


def rows(con: Connection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def count(con: Connection, table: str) -> int:
    return con.execute(f"select count(*) from raw.{table}").fetchone()[0]


def quarantine(con: Connection) -> list[tuple]:
    return rows(con, "select line_number, reason, redacted_line from raw.quarantine order by 1")


def test_valid_rows_load_with_lineage(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    path = write_extract(
        "entregas_2020.csv",
        [
            HEADER,
            VALID,
            "",
            "100002;24/05/2020;2;Atacama; Alto del Carmen ;7654321-6;Ana;Prat 1",
            '100003;25/05/2020;3;Atacama;Huasco;10.000.013-k;Iván;"Brasil 4; Depto 2"',
            "1.234.567;26/05/2020;1;Atacama;Vallenar;140000000;Rosa;Serrano 9",
        ],
    )

    result = load(path)

    assert result.rows_loaded == 4
    assert result.rows_quarantined == 0
    assert not result.skipped
    loaded = rows(
        con,
        """
        select folio, fecha_entrega::varchar, numero_entrega, region, comuna, rut_hogar_hash,
            _line_number, _file_name, _load_id, _sha256
        from raw.alimentos_entregas order by _line_number
        """,
    )
    sha256 = result.sha256
    assert loaded == [
        (100001, "2020-05-23", 1, "Atacama", "Chañaral", pseudonymise("12345678-5", KEY), 2,
         "entregas_2020.csv", result.load_id, sha256),
        (100002, "2020-05-24", 2, "Atacama", "Alto del Carmen", pseudonymise("7654321-6", KEY), 4,
         "entregas_2020.csv", result.load_id, sha256),
        (100003, "2020-05-25", 3, "Atacama", "Huasco", pseudonymise("10000013-K", KEY), 5,
         "entregas_2020.csv", result.load_id, sha256),
        (1234567, "2020-05-26", 1, "Atacama", "Vallenar", pseudonymise("14000000-0", KEY), 6,
         "entregas_2020.csv", result.load_id, sha256),
    ]  # fmt: skip
    columns = [r[0] for r in rows(con, "describe raw.alimentos_entregas")]
    assert "nombre" not in columns and "direccion" not in columns and "rut_hogar" not in columns
    log = rows(
        con,
        "select load_id, source, file_name, location, sha256, size_bytes, is_demo, encoding, "
        "data_lines, rows_loaded, rows_quarantined, rows_skipped, rows_blank, lines_joined, "
        "cells_truncated, retired_at from raw.extract_loads",
    )
    assert log == [
        (result.load_id, "alimentos_entregas", "entregas_2020.csv", str(path), sha256,
         path.stat().st_size, True, "cp1252", 5, 4, 0, 0, 1, 0, 0, None),
    ]  # fmt: skip


def test_columns_in_another_order_load_into_the_right_columns(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    header = "DIRECCIÓN;COMUNA;RUT JEFE HOGAR;FOLIO;NOMBRE;N° ENTREGA;REGIÓN;FECHA ENTREGA"
    path = write_extract("e.csv", [header, "Prat 1;Vallenar;6-K;100001;Ana;2;Atacama;24/05/2020"])

    load(path)

    assert rows(
        con,
        "select folio, fecha_entrega::varchar, numero_entrega, region, comuna, rut_hogar_hash "
        "from raw.alimentos_entregas",
    ) == [(100001, "2020-05-24", 2, "Atacama", "Vallenar", pseudonymise("6-K", KEY))]


def test_header_only_file_is_an_error_and_keeps_the_previous_version(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    first = load(write_extract("v1/e.csv", [HEADER, VALID]), location="oficina/e.csv")

    with pytest.raises(ContractError, match=r"e\.csv: line 3: el archivo no tiene filas de datos"):
        load(write_extract("v2/e.csv", [HEADER, "", ""]), location="oficina/e.csv")

    assert rows(con, "select _load_id from raw.alimentos_entregas") == [(first.load_id,)]
    assert count(con, "extract_loads") == 1


REDACTED_TAIL = ";[rut omitido];[omitido];[omitido]"


@pytest.mark.parametrize(
    ("bad_row", "reason", "redacted"),
    [
        (
            "100002;31/06/2020;1;Atacama;Vallenar;7654321-6;Ana Rojas;Prat 1",
            "FECHA ENTREGA: «31/06/2020» no es una fecha dd/mm/aaaa",
            "100002;31/06/2020;1;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "100002;24-05-2020;1;Atacama;Vallenar;7654321-6;Ana Rojas;Prat 1",
            "FECHA ENTREGA: «24-05-2020» no es una fecha dd/mm/aaaa",
            "100002;24-05-2020;1;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "100002;24/05/2020;1;Atacama;Vallenar;7.654.321-5;Ana Rojas;Prat 1",
            "RUT JEFE HOGAR: RUT inválido (dígito verificador o formato)",
            "100002;24/05/2020;1;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "100002;24/05/2020;1;Atacama;Vallenar;;Ana Rojas;Prat 1",
            "RUT JEFE HOGAR: vacío",
            "100002;24/05/2020;1;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "100002;24/05/2020;4;Atacama;Vallenar;7654321-6;Ana Rojas;Prat 1",
            "N° ENTREGA: «4» no está entre (1, 2, 3)",
            "100002;24/05/2020;4;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "100002;24/05/2020;0;Atacama;Vallenar;7654321-6;Ana Rojas;Prat 1",
            "N° ENTREGA: «0» no está entre (1, 2, 3)",
            "100002;24/05/2020;0;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "10A;24/05/2020;1;Atacama;Vallenar;7654321-6;Ana Rojas;Prat 1",
            "FOLIO: «10A» no es un entero",
            "10A;24/05/2020;1;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "1.00;24/05/2020;1;Atacama;Vallenar;7654321-6;Ana Rojas;Prat 1",
            "FOLIO: «1.00» no es un entero",
            "1.00;24/05/2020;1;Atacama;Vallenar" + REDACTED_TAIL,
        ),
        (
            "100002;24/05/2020;1;Atacama;   ;7654321-6;Ana Rojas;Prat 1",
            "COMUNA: vacío",
            "100002;24/05/2020;1;Atacama;   " + REDACTED_TAIL,
        ),
        (
            "100002;31/06/2020;1;Atacama;;7654321-6;Ana Rojas;Prat 1",
            "FECHA ENTREGA: «31/06/2020» no es una fecha dd/mm/aaaa; COMUNA: vacío",
            "100002;31/06/2020;1;Atacama;" + REDACTED_TAIL,
        ),
    ],
    ids=[
        "impossible-date",
        "date-format",
        "rut-check-digit",
        "rut-empty",
        "round-4",
        "round-0",
        "folio-text",
        "folio-decimal",
        "comuna-blank",
        "two-reasons",
    ],
)
def test_invalid_row_goes_to_quarantine(
    con: Connection,
    load: Callable[..., LoadResult],
    write_extract: WriteExtract,
    bad_row: str,
    reason: str,
    redacted: str,
) -> None:
    result = load(write_extract("e.csv", [HEADER, VALID, bad_row]))

    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert rows(con, "select _line_number from raw.alimentos_entregas") == [(2,)]
    assert quarantine(con) == [(3, reason, redacted)]
    assert rows(con, "select load_id, source, file_name, sha256 from raw.quarantine") == [
        (result.load_id, "alimentos_entregas", "e.csv", result.sha256)
    ]


def test_structural_rejects_go_to_quarantine_without_their_content(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    path = write_extract(
        "e.csv",
        [
            HEADER,
            VALID,
            f"{VALID};extra",
            '100003;24/05/2020;1;Atacama;"Valle\r\nnar";6-K;A;B',
            "100004;24/05/2020",
        ],
    )

    result = load(path)

    # The quote left open on line 4 is an error of line 4 alone: line 5 is read on its own.
    assert (result.rows_loaded, result.rows_quarantined) == (1, 4)
    assert rows(con, "select _line_number from raw.alimentos_entregas order by 1") == [(2,)]
    assert quarantine(con) == [
        (3, "la fila tiene 9 campos y el encabezado 8", STRUCTURAL_REJECT_LINE),
        (4, UNCLOSED_QUOTE, STRUCTURAL_REJECT_LINE),
        (5, "la fila tiene 4 campos y el encabezado 8", STRUCTURAL_REJECT_LINE),
        (6, "la fila tiene 2 campos y el encabezado 8", STRUCTURAL_REJECT_LINE),
    ]
    assert rows(con, "select data_lines, rows_loaded, rows_quarantined from raw.extract_loads") == [
        (5, 1, 4)
    ]


def test_integer_too_large_goes_to_quarantine(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    bad_row = "99999999999999999999;24/05/2020;1;Atacama;Vallenar;7654321-6;Ana;Prat 1"

    result = load(write_extract("e.csv", [HEADER, VALID, bad_row]))

    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert quarantine(con)[0][:2] == (3, "FOLIO: «99999999999999999999» no es un entero")


def test_two_digit_year_goes_to_quarantine(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    bad_row = "100002;23/05/20;1;Atacama;Vallenar;7654321-6;Ana;Prat 1"

    result = load(write_extract("e.csv", [HEADER, VALID, bad_row]))

    assert rows(con, "select fecha_entrega::varchar from raw.alimentos_entregas") == [
        ("2020-05-23",)
    ]
    assert result.rows_quarantined == 1


def test_no_rut_digits_or_names_anywhere_in_the_database(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    path = write_extract(
        "e.csv",
        [
            HEADER,
            VALID,  # loaded
            "100002;31/06/2020;1;Atacama;Vallenar;7.654.321-6;Wilfredo Cayupán;Pasaje Oculto 987",
            "100003;24/05/2020;1;Atacama;Vallenar;13.579.246-0;Eleuterio Mamani;Av Reservada 555",
            "100004;24/05/2020;9;Atacama;;10000013-k;Zenobia Quispe Ulloa;Calle Secreta 4321",
            f"{VALID};columna de más",
            '100006;24/05/2020;1;"Atacama;Vallenar;8.765.432-1;Quispe Ulloa;Secreta 4321',
            "100005;24/05/2020;1;Atacama;Vallenar;14.000.000-0;Rosalba Anticoy;Calle Secreta 4321",
        ],
    )
    # A location without digits of its own (a temporary path could hold "987").
    result = load(path, location="oficina/e.csv")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 5)

    forbidden = [
        "12345678", "12.345.678", "7654321", "7.654.321", "13579246", "13.579.246",
        "10000013", "10.000.013", "14000000", "14.000.000", "8765432", "8.765.432",
        "Zenobia", "Quispe", "Ulloa", "Wilfredo", "Cayupán", "Eleuterio", "Mamani",
        "Rosalba", "Anticoy", "Secreta", "Oculto", "Reservada", "4321", "987",
    ]  # fmt: skip
    tables = {(schema, table) for schema, table, _ in rows(
        con, "select table_schema, table_name, column_name from information_schema.columns"
    )}  # fmt: skip
    assert {
        ("raw", "alimentos_entregas"),
        ("raw", "quarantine"),
        ("raw", "extract_loads"),
    } <= tables
    assert personal_data_found(con, forbidden) == []


def test_the_leak_check_finds_a_leak(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    load(write_extract("e.csv", [HEADER, VALID]), location="oficina/e.csv")
    con.execute("create table raw.fuga as select 'Pasaje Oculto 987, 12.345.678-5' as nota")

    assert personal_data_found(con, ["987", "12.345.678", "Oculto", "4321"]) == [
        ("fuga", "nota", "987"),
        ("fuga", "nota", "12.345.678"),
        ("fuga", "nota", "Oculto"),
    ]


def test_reloading_the_same_file_is_a_no_op(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    path = write_extract("e.csv", [HEADER, VALID, VALID.replace("100.001;23/05", "100002;31/06")])
    first = load(path)
    before = [count(con, t) for t in ("alimentos_entregas", "quarantine", "extract_loads")]

    second = load(path)

    assert second.skipped
    assert second.load_id is None
    assert (second.rows_loaded, second.rows_quarantined) == (0, 0)
    assert second.sha256 == first.sha256
    assert [count(con, t) for t in ("alimentos_entregas", "quarantine", "extract_loads")] == before
    assert before == [1, 1, 1]


def test_a_new_version_of_a_location_replaces_its_rows(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    old = write_extract(
        "v1/entregas.csv",
        [
            HEADER,
            VALID,
            "100002;31/06/2020;1;Atacama;Vallenar;6-K;A;B",
            "100003;24/05/2020;1;X;Y;6-K;A;B",
        ],
    )
    new = write_extract(
        "v2/entregas.csv",
        [
            HEADER,
            "200001;01/06/2020;2;Atacama;Huasco;6-K;A;B",
            "200002;02/06/2020;2;Atacama;;6-K;A;B",
        ],
    )
    other = write_extract("otro.csv", [HEADER, "300001;01/06/2020;3;Atacama;Freirina;6-K;A;B"])
    load(old, location="oficina/entregas.csv")
    load(other)

    result = load(new, location="oficina/entregas.csv")

    assert not result.skipped
    assert rows(con, "select folio, _file_name from raw.alimentos_entregas order by 1") == [
        (200001, "entregas.csv"),
        (300001, "otro.csv"),
    ]
    assert rows(con, "select file_name, sha256, line_number from raw.quarantine") == [
        ("entregas.csv", result.sha256, 3)
    ]
    assert rows(
        con,
        "select file_name, rows_loaded, rows_quarantined from raw.extract_loads order by loaded_at",
    ) == [("entregas.csv", 2, 1), ("otro.csv", 1, 0), ("entregas.csv", 1, 1)]

    back = load(old, location="oficina/entregas.csv")  # going back is a change too

    assert not back.skipped
    assert rows(con, "select folio from raw.alimentos_entregas order by 1") == [
        (100001,), (100003,), (300001,)
    ]  # fmt: skip


def test_two_locations_with_the_same_file_name_both_count(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    north = write_extract("norte/entregas.csv", [HEADER, VALID])
    south = write_extract(
        "sur/entregas.csv", [HEADER, "200001;01/06/2020;2;Atacama;Huasco;6-K;A;B"]
    )

    load(north)
    load(south)
    again = load(north)  # unchanged: a no-op, its rows still there

    assert again.skipped
    assert rows(con, "select folio, _file_name from raw.alimentos_entregas order by 1") == [
        (100001, "entregas.csv"),
        (200001, "entregas.csv"),
    ]
    assert rows(con, f"select location from ({warehouse.CURRENT_LOADS}) order by 1") == [
        (str(north),),
        (str(south),),
    ]


def test_an_unconfigured_location_is_retired_and_its_history_kept(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    demo = write_extract("demo/entregas.csv", [HEADER, VALID, "1;31/06/2020;1;A;B;6-K;C;D"])
    real = write_extract(
        "real/entregas_v2.csv", [HEADER, "200001;01/06/2020;2;Atacama;Huasco;6-K;A;B"]
    )
    load(demo)
    load(real)

    retired = retire_unconfigured(con, ALIMENTOS_ENTREGAS, [str(real)])

    assert retired == [str(demo)]
    assert rows(con, "select folio from raw.alimentos_entregas") == [(200001,)]
    assert count(con, "quarantine") == 0
    assert rows(
        con, "select location, retired_at is not null from raw.extract_loads order by location"
    ) == [(str(demo), True), (str(real), False)]
    assert rows(con, f"select location from ({warehouse.CURRENT_LOADS})") == [(str(real),)]
    assert retire_unconfigured(con, ALIMENTOS_ENTREGAS, [str(real)]) == []  # idempotent

    reconfigured = load(demo)  # configured again: loads again, not a no-op

    assert not reconfigured.skipped
    assert count(con, "alimentos_entregas") == 2


def test_a_warehouse_of_the_previous_release_migrates_in_place(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    # The load log as the release keyed on file names wrote it.
    con.execute("create schema raw")
    con.execute(
        """
        create table raw.extract_loads (
            load_id varchar primary key, source varchar not null, file_name varchar not null,
            sha256 varchar not null, size_bytes bigint not null, location varchar not null,
            is_demo boolean not null, landed_at timestamptz not null,
            loaded_at timestamptz not null, encoding varchar not null,
            rows_loaded bigint not null, rows_quarantined bigint not null,
            rows_skipped bigint not null
        )
        """
    )
    con.execute(
        "insert into raw.extract_loads values ('viejo', 'alimentos_entregas', 'e.csv', 'ab', 1, "
        "'antes/e.csv', true, now(), now(), 'cp1252', 1, 0, 0)"
    )

    result = load(write_extract("e.csv", [HEADER, VALID]))
    retire_unconfigured(con, ALIMENTOS_ENTREGAS, [result.location])
    warehouse.record_refresh(
        con, warehouse.RefreshRecord("corrida-1", warehouse.PUBLISHED, datetime.now(UTC))
    )

    assert rows(
        con, "select load_id, data_lines, retired_at is not null from raw.extract_loads order by 1"
    ) == [(result.load_id, 1, False), ("viejo", None, True)]
    [(extracts,)] = rows(con, "select extracts from audit.refresh_runs")
    assert json.loads(extracts) == [
        {"source": "alimentos_entregas", "location": result.location, "sha256": result.sha256}
    ]


def test_a_new_version_loads_on_a_fresh_connection(
    tmp_path: Path, landed_from: LandedFrom, write_extract: WriteExtract
) -> None:
    # What the nightly refresh does: one connection per run, the file changed since.
    database = str(tmp_path / "noche.duckdb")
    old = write_extract("v1/entregas.csv", [HEADER, VALID])
    new = write_extract("v2/entregas.csv", [HEADER, "200001;01/06/2020;2;Atacama;Huasco;6-K;A;B"])
    with duckdb.connect(database) as first_night:
        load_extract(first_night, landed_from(old), ALIMENTOS_ENTREGAS, KEY)

    with duckdb.connect(database) as second_night:
        newer = replace(landed_from(new), location=str(old))
        load_extract(second_night, newer, ALIMENTOS_ENTREGAS, KEY)
        assert rows(second_night, "select folio from raw.alimentos_entregas") == [(200001,)]


def test_a_file_with_a_bad_header_leaves_earlier_rows_intact(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    good = write_extract("v1/entregas.csv", [HEADER, VALID])
    bad = write_extract("v2/entregas.csv", [HEADER.replace("COMUNA", "LOCALIDAD"), VALID])
    first = load(good, location="oficina/entregas.csv")

    with pytest.raises(ContractError, match="missing columns: COMUNA"):
        load(bad, location="oficina/entregas.csv")

    assert rows(con, "select folio, _load_id from raw.alimentos_entregas") == [
        (100001, first.load_id)
    ]
    assert count(con, "extract_loads") == 1


def _fail(*_args: object, **_kwargs: object) -> int:
    raise RuntimeError("disco lleno")


def test_a_failure_inside_the_load_rolls_everything_back(
    con: Connection,
    load: Callable[..., LoadResult],
    write_extract: WriteExtract,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = write_extract("entregas.csv", [HEADER, VALID, "1;31/06/2020;1;A;B;6-K;C;D"])
    other = write_extract("otro.csv", [HEADER, "200001;01/06/2020;2;Atacama;Huasco;6-K;A;B"])
    first = load(good)

    with monkeypatch.context() as patch:
        patch.setattr(loading, "_insert_quarantine", _fail)  # after the valid rows went in
        with pytest.raises(RuntimeError, match="disco lleno"):
            load(other)

    assert rows(con, "select folio, _load_id from raw.alimentos_entregas") == [
        (100001, first.load_id)
    ]
    assert rows(con, "select line_number, load_id from raw.quarantine") == [(3, first.load_id)]
    assert rows(con, "select load_id from raw.extract_loads") == [(first.load_id,)]

    retried = load(other)  # the connection is still usable and the file loads after all

    assert rows(con, "select folio, _load_id from raw.alimentos_entregas order by 1") == [
        (100001, first.load_id),
        (200001, retried.load_id),
    ]


def test_a_failed_replacement_keeps_the_previous_version(
    con: Connection,
    load: Callable[..., LoadResult],
    write_extract: WriteExtract,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = write_extract("v1/entregas.csv", [HEADER, VALID, "1;31/06/2020;1;A;B;6-K;C;D"])
    newer = write_extract(
        "v2/entregas.csv",
        [HEADER, "200001;01/06/2020;2;Atacama;Huasco;6-K;A;B", "200002;01/06/2020;2;A;H;6-K;A;B"],
    )
    first = load(good, location="oficina/entregas.csv")

    with monkeypatch.context() as patch:
        patch.setattr(loading, "_insert_quarantine", _fail)  # after the old rows were deleted
        with pytest.raises(RuntimeError, match="disco lleno"):
            load(newer, location="oficina/entregas.csv")

    assert rows(con, "select folio, _load_id from raw.alimentos_entregas") == [
        (100001, first.load_id)
    ]
    assert rows(con, "select line_number, load_id from raw.quarantine") == [(3, first.load_id)]
    assert rows(con, "select load_id from raw.extract_loads") == [(first.load_id,)]


def test_a_negative_amount_the_contract_forbids_goes_to_quarantine(
    con: Connection, landed_from: LandedFrom, write_extract: WriteExtract
) -> None:
    contract = Contract(
        source="montos_prueba",
        title="Montos de prueba",
        raw_table="montos_prueba",
        file_pattern="montos.csv",
        cadence=Cadence.MENSUAL,
        columns=(
            Column("FOLIO", "folio", Kind.INTEGER, "Folio.", "1"),
            Column("MONTO", "monto", Kind.MONEY, "Monto.", "$ 1.000", non_negative=True),
            Column("AJUSTE", "ajuste", Kind.MONEY, "Ajuste, con signo.", "-1.000"),
        ),
        invalid_row_rules=("MONTO negativo.",),
    )
    path = write_extract("montos.csv", ["FOLIO;MONTO;AJUSTE", "1;$ 1.000;-500", "2;$ -1.000;0"])

    result = load_extract(con, landed_from(path), contract, KEY)

    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert quarantine(con)[0][:2] == (3, "MONTO: «$ -1.000» es negativo")
    assert rows(con, "select monto, ajuste from raw.montos_prueba") == [(1000, -500)]
