"""Faults a load must refuse or account for: truncation, row drops, long cells, broken lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from ingestion import loading, reading
from ingestion.contracts import Cadence, Column, Contract, Kind
from ingestion.landing import LandedExtract
from ingestion.loading import AccountingError, LoadResult, VolumeError, load_extract
from ingestion.reading import UNCLOSED_QUOTE, ContractError
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS

KEY = "clave-de-prueba"
HEADER = "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
LOCATION = "oficina/entregas.csv"

WriteExtract = Callable[..., Path]
LandedFrom = Callable[..., LandedExtract]
Connection = duckdb.DuckDBPyConnection


def row(folio: int) -> str:
    return f"{folio};23/05/2020;1;Atacama;Vallenar;6-K;Ana;Prat 1"


@pytest.fixture
def load(con: Connection, landed_from: LandedFrom) -> Callable[..., LoadResult]:
    def run(path: Path, contract: Contract = ALIMENTOS_ENTREGAS) -> LoadResult:
        landed = replace(landed_from(path), source=contract.source, location=LOCATION)
        return load_extract(con, landed, contract, KEY)

    return run


def folios(con: Connection) -> list[int]:
    return [
        r[0] for r in con.execute("select folio from raw.alimentos_entregas order by 1").fetchall()
    ]


@pytest.mark.parametrize("chunk_bytes", [None, 60])
def test_a_file_cut_mid_row_is_refused_and_the_previous_version_kept(
    con: Connection,
    load: Callable[..., LoadResult],
    write_extract: WriteExtract,
    monkeypatch: pytest.MonkeyPatch,
    chunk_bytes: int | None,
) -> None:
    """Also when the cut is found in a later chunk, read ahead while earlier ones were staged."""
    if chunk_bytes:
        monkeypatch.setattr(reading, "TEXT_CHUNK_BYTES", chunk_bytes)
    load(write_extract("v1.csv", [HEADER, row(1), row(2), row(3)]))
    cut = write_extract("v2.csv", [HEADER, row(1), row(2), row(3)])
    cut.write_bytes(cut.read_bytes() + b"4;23/05/2020;1;Ata")  # the download stopped here

    with pytest.raises(ContractError) as error:
        load(cut)

    message = str(error.value)
    assert message.startswith("v2.csv: line 5: el archivo termina a mitad de una fila")
    assert "4 campos" in message
    assert folios(con) == [1, 2, 3]


def test_a_complete_last_row_without_a_line_end_loads(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    path = write_extract("e.csv", [HEADER, row(1)])
    path.write_bytes(path.read_bytes() + row(2).encode("cp1252"))

    result = load(path)

    assert (result.data_lines, result.rows_loaded) == (2, 2)


def test_a_large_drop_against_the_previous_version_is_refused(
    con: Connection,
    load: Callable[..., LoadResult],
    write_extract: WriteExtract,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load(write_extract("v1.csv", [HEADER, *(row(i) for i in range(1, 11))]))
    smaller = write_extract("v2.csv", [HEADER, *(row(i) for i in range(1, 5))])

    with pytest.raises(VolumeError) as error:
        load(smaller)

    message = str(error.value)
    assert message.startswith("v2.csv: line 5: el archivo termina con 4 filas")
    assert "tenía 10" in message and "HUASCO_MAX_ROW_DROP" in message
    assert len(folios(con)) == 10

    monkeypatch.setenv("HUASCO_MAX_ROW_DROP", "0.7")  # the drop is real: the operator allows it
    assert load(smaller).rows_loaded == 4
    assert folios(con) == [1, 2, 3, 4]


def test_a_drop_within_the_share_loads(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    load(write_extract("v1.csv", [HEADER, *(row(i) for i in range(1, 11))]))

    assert load(write_extract("v2.csv", [HEADER, *(row(i) for i in range(1, 6))])).rows_loaded == 5


@pytest.mark.parametrize("value", ["mucho", "1.5", "-0.1"])
def test_a_bad_drop_setting_is_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HUASCO_MAX_ROW_DROP", value)

    with pytest.raises(ValueError, match="HUASCO_MAX_ROW_DROP"):
        loading.max_row_drop()


def test_a_load_whose_lines_do_not_balance_fails_naming_the_line(
    con: Connection,
    load: Callable[..., LoadResult],
    write_extract: WriteExtract,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    insert_valid = loading._insert_valid

    def lose_line_3(con: Connection, *args: object) -> int:
        inserted = insert_valid(con, *args)
        con.execute("delete from raw.alimentos_entregas where _line_number = 3")
        return inserted

    monkeypatch.setattr(loading, "_insert_valid", lose_line_3)

    with pytest.raises(AccountingError) as error:
        load(write_extract("e.csv", [HEADER, row(1), row(2), "", row(3)]))

    assert str(error.value).startswith(
        "e.csv: line 3: la línea no quedó cargada, en cuarentena ni omitida"
    )
    assert con.execute("select count(*) from raw.extract_loads").fetchone()[0] == 0


def test_every_line_is_accounted_for_in_the_load_log(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    lines = [HEADER, row(1), "", row(2).replace("23/05", "31/06"), f"{row(3)};x", "  ;  ", row(4)]

    result = load(write_extract("e.csv", lines))

    assert con.execute(
        "select data_lines, rows_loaded, rows_quarantined, rows_skipped, rows_blank, lines_joined "
        "from raw.extract_loads"
    ).fetchall() == [(6, 2, 2, 0, 2, 0)]
    assert result.data_lines == 6


NOTES = Contract(
    source="prueba_notas",
    title="Notas de prueba",
    raw_table="prueba_notas",
    file_pattern="notas.csv",
    cadence=Cadence.MENSUAL,
    columns=(
        Column("FOLIO", "folio", Kind.INTEGER, "Folio.", "1"),
        Column("RUT", "rut", Kind.RUT, "RUT.", "6-K"),
        Column("NOTA", "nota", Kind.TEXT, "Texto libre.", "x", required=False,
               may_hold_line_breaks=True),
        Column("ESTADO", "estado", Kind.TEXT, "Estado.", "ok"),
    ),
    invalid_row_rules=("Un folio que no es entero.",),
    max_lines_per_record=3,
    max_field_chars=20,
)  # fmt: skip


def notes(con: Connection) -> list[tuple]:
    return con.execute(
        "select folio, nota, estado, _line_number from raw.prueba_notas order by folio"
    ).fetchall()


def test_a_column_that_may_hold_line_breaks_joins_a_bounded_number_of_lines(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    path = write_extract(
        "notas.csv",
        [
            "FOLIO;RUT;NOTA;ESTADO",
            '1;6-K;"primera\r\nsegunda";ok',  # two lines: one record
            '2;6-K;"una\r\ndos\r\ntres\r\ncuatro";ok',  # beyond 3 lines: line 4 alone is wrong
            '3;6-K;nota;"ok',  # a line break in a column that may not hold one
            'sigue;x"',
            "4;6-K;fin;ok",
        ],
    )

    result = load(path, NOTES)

    assert notes(con) == [(1, "primera\nsegunda", "ok", 2), (4, "fin", "ok", 10)]
    quarantined = con.execute(
        "select line_number, reason from raw.quarantine order by 1"
    ).fetchall()
    assert [line for line, _ in quarantined] == [4, 5, 6, 7, 8, 9]
    assert quarantined[0] == (4, UNCLOSED_QUOTE)
    assert quarantined[4] == (8, UNCLOSED_QUOTE)
    assert (result.data_lines, result.lines_joined, result.rows_loaded) == (9, 1, 2)
    assert result.rows_quarantined == 6


def test_long_cells_are_cut_when_optional_text_and_quarantined_otherwise(
    con: Connection, load: Callable[..., LoadResult], write_extract: WriteExtract
) -> None:
    long_note = "n" * 200_000  # larger than the csv module's default field limit
    path = write_extract(
        "notas.csv",
        [
            "FOLIO;RUT;NOTA;ESTADO",
            f'1;6-K;"{long_note}";ok',
            f"2;6-K;breve;{'e' * 21}",
            "3;6-K;breve;ok",
        ],
    )

    result = load(path, NOTES)

    assert [(folio, len(nota)) for folio, nota, _, _ in notes(con)] == [(1, 20), (3, 5)]
    assert result.cells_truncated == 1
    [(line, reason, redacted)] = con.execute(
        "select line_number, reason, redacted_line from raw.quarantine"
    ).fetchall()
    assert (line, reason) == (
        3,
        "ESTADO: el valor tiene 21 caracteres y el contrato admite hasta 20",
    )
    assert "[rut omitido]" in redacted


def loaded_and_quarantined(con: Connection) -> tuple[list[tuple], list[tuple]]:
    return (
        con.execute(
            "select folio, nota, estado, _line_number from raw.prueba_notas order by all"
        ).fetchall(),
        con.execute("select line_number, reason from raw.quarantine order by all").fetchall(),
    )


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_file_read_in_small_chunks_loads_as_if_read_whole(
    con: Connection,
    load: Callable[..., LoadResult],
    landed_from: LandedFrom,
    write_extract: WriteExtract,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    encoding: str,
) -> None:
    """Chunk boundaries fall inside joined records, quoted lines and blank runs: the lines
    a record may still need are carried to the next chunk, and the numbering goes on."""
    body = [
        '1;6-K;"primera\r\nsegunda";ok',
        "",
        '2;6-K;"una\r\ndos\r\ntres\r\ncuatro";ok',
        '3;6-K;"ñandú; sí";ok',
        '4;6-K;nota;"ok',
        "5;6-K;x;ok;de más",
        '6;6-K;"a\r\n\r\nb";ok',
    ]
    path = write_extract("notas.csv", ["FOLIO;RUT;NOTA;ESTADO", *body * 5], encoding=encoding)
    whole = load(path, NOTES)
    expected = loaded_and_quarantined(con)
    tallies = [whole.data_lines, whole.rows_loaded, whole.rows_quarantined, whole.rows_blank]
    assert (whole.lines_joined, whole.rows_loaded) == (5 * 3, 5 * 3)

    for chunk_bytes in (1, 7, 40, 100):
        monkeypatch.setattr(reading, "TEXT_CHUNK_BYTES", chunk_bytes)
        other = duckdb.connect(str(tmp_path / f"chunks-{chunk_bytes}.duckdb"))
        landed = replace(landed_from(path), source=NOTES.source, location=LOCATION)
        result = load_extract(other, landed, NOTES, KEY)
        assert loaded_and_quarantined(other) == expected, chunk_bytes
        assert [result.data_lines, result.rows_loaded, result.rows_quarantined,
                result.rows_blank] == tallies, chunk_bytes  # fmt: skip
        assert result.lines_joined == whole.lines_joined, chunk_bytes
        other.close()
