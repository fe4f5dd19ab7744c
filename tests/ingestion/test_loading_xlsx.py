"""Workbooks load through the same contract path, with their sheet and row in the lineage."""

from __future__ import annotations

import datetime
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from ingestion import reading
from ingestion.contracts import Cadence, Column, Contract, Kind
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract

CONTRACT = Contract(
    source="prueba_planilla",
    title="Planilla de prueba",
    raw_table="prueba_planilla",
    file_pattern="planilla.xlsx",
    cadence=Cadence.MENSUAL,
    file_format="xlsx",
    sheet="Datos",
    columns=(
        Column("FECHA", "fecha", Kind.DATE, "Día.", "01/02/2020"),
        Column("MONTO", "monto", Kind.MONEY, "Pesos.", "$ 1.000"),
        Column("TASA", "tasa", Kind.DECIMAL, "Índice.", "-1,35"),
        Column("VIGENTE", "is_vigente", Kind.BOOLEAN, "Sí o No.", "Sí"),
    ),
    invalid_row_rules=("Una fecha que no es fecha.",),
)


def workbook(path: Path, rows: list[list], sheet: str = "Datos") -> Path:
    book = xlsxwriter.Workbook(str(path))
    other = book.add_worksheet("Portada")
    other.write(0, 0, "no es la hoja de datos")
    data = book.add_worksheet(sheet)
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate([["FECHA", "MONTO", "TASA", "VIGENTE"], *rows]):
        for c, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                data.write_datetime(r, c, value, date_format)
            else:
                data.write(r, c, value)
    book.close()
    return path


def landed(path: Path) -> LandedExtract:
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256="a" * 64,
        size_bytes=path.stat().st_size,
        landed_at="2026-11-24T00:00:00+00:00",
        is_demo=False,
        status="new",
    )


def test_cells_typed_by_excel_and_typed_by_people_load_alike(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "planilla.xlsx",
        [
            [datetime.datetime(2020, 2, 1), 1000, -1.35, True],
            ["03/02/2020", "$ 2.500", "0,22", "No"],
            ["31/02/2020", 10, 1, "Sí"],
        ],
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))

    result = load_extract(con, landed(path), CONTRACT, "clave")

    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    rows = con.execute(
        "select fecha, monto, tasa, is_vigente, _sheet, _line_number "
        "from raw.prueba_planilla order by _line_number"
    ).fetchall()
    assert rows == [
        (datetime.date(2020, 2, 1), 1000, -1.35, True, "Datos", 2),
        (datetime.date(2020, 2, 3), 2500, 0.22, False, "Datos", 3),
    ]
    [(line, reason)] = con.execute("select line_number, reason from raw.quarantine").fetchall()
    assert line == 4
    assert "FECHA" in reason and "31/02/2020" in reason


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    path = workbook(tmp_path / "planilla.xlsx", [], sheet="Hoja1")

    with pytest.raises(ContractError, match=r"sheet 'Datos' not found \(sheets: Portada, Hoja1\)"):
        read_extract(path, CONTRACT, tmp_path)


def test_a_file_that_is_not_a_workbook_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "planilla.xlsx"
    path.write_bytes(b"FECHA;MONTO\n01/02/2020;1000\n")

    with pytest.raises(ContractError, match=r"planilla\.xlsx: not a readable \.xlsx workbook"):
        read_extract(path, CONTRACT, tmp_path)


def test_bare_excel_date_serials_in_a_date_column_are_dates(tmp_path: Path) -> None:
    # 43862 is 01/02/2020 as Excel counts days; a cell typed without date format keeps it.
    path = workbook(tmp_path / "planilla.xlsx", [[43862, 1000, 1, "Sí"], [43864.75, 10, 1, "No"]])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))

    result = load_extract(con, landed(path), CONTRACT, "clave")

    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert con.execute("select fecha from raw.prueba_planilla order by 1").fetchall() == [
        (datetime.date(2020, 2, 1),),
        (datetime.date(2020, 2, 3),),
    ]


def test_sheet_rows_are_accounted_for_like_lines(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "planilla.xlsx",
        [["01/02/2020", 1, 1, "Sí"], ["", "", "", ""], ["31/02/2020", 1, 1, "Sí"], [1, 2]],
    )
    con = duckdb.connect(str(tmp_path / "w.duckdb"))

    result = load_extract(con, landed(path), CONTRACT, "clave")

    assert con.execute(
        "select sheet, data_lines, rows_loaded, rows_quarantined, rows_blank from raw.extract_loads"
    ).fetchall() == [("Datos", 4, 1, 2, 1)]
    assert result.rows_quarantined == 2  # 31/02 and the row whose FECHA is 1


def test_a_sheet_with_only_its_header_is_an_error(tmp_path: Path) -> None:
    path = workbook(tmp_path / "planilla.xlsx", [])

    with pytest.raises(ContractError, match=r"planilla\.xlsx: line 1: el archivo no tiene filas"):
        read_extract(path, CONTRACT, tmp_path)


def test_a_sheet_read_in_small_chunks_loads_as_if_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["01/02/2020", 1, 1, "Sí"], ["", "", "", ""], ["31/02/2020", 1, 1, "Sí"], [1, 2]] * 3
    path = workbook(tmp_path / "planilla.xlsx", rows)
    loads = []
    for chunk_rows in (1000, 1, 5):
        monkeypatch.setattr(reading, "WORKBOOK_CHUNK_ROWS", chunk_rows)
        con = duckdb.connect(str(tmp_path / f"w{chunk_rows}.duckdb"))
        load_extract(con, landed(path), CONTRACT, "clave")
        loads.append(
            con.execute(
                "select data_lines, rows_loaded, rows_quarantined, rows_blank, "
                "(select list(_line_number order by 1) from raw.prueba_planilla), "
                "(select list(line_number order by 1) from raw.quarantine) from raw.extract_loads"
            ).fetchall()
        )
        con.close()

    assert loads[0] == [(12, 3, 6, 3, [2, 6, 10], [4, 5, 8, 9, 12, 13])]
    assert loads[1] == loads[0] and loads[2] == loads[0]
