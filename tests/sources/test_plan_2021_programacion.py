"""The 2021 planning sheet: its demo parses and loads under the contract, noise included."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.demo import plan_2021_programacion as demo
from ingestion.demo.common import published_cells
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.plan_2021_programacion import CONTRACT

KEY = "clave-de-prueba"
# The demo sheet: 58 activity rows (one with a quantity typed as text) and 3 subtotal rows.
ROWS_LOADED = 57
ROWS_QUARANTINED = 1
SUBTOTAL_ROWS = 3


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("plan_2021"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file, tmp_path_factory) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    result = load_extract(con, _landed(demo_file), CONTRACT, KEY)
    assert (result.rows_loaded, result.rows_quarantined) == (ROWS_LOADED, ROWS_QUARANTINED)
    yield con
    con.close()


def _landed(path: Path) -> LandedExtract:
    data = path.read_bytes()
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at="2021-01-15T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def _cells(path: Path) -> list[list]:
    workbook = CalamineWorkbook.from_path(str(path))
    return [list(row) for row in workbook.get_sheet_by_name(CONTRACT.sheet).iter_rows()]


def _write_xlsx(path: Path, rows: list[list], sheet: str = "Programación") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    for index, row in enumerate(rows):
        worksheet.write_row(index, 0, row)
    workbook.close()
    return path


def test_demo_parses_under_the_contract(demo_file, tmp_path):
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.data_rows == ROWS_LOADED + ROWS_QUARANTINED
    assert read.skipped_rows == SUBTOTAL_ROWS
    assert read.rejects == []


def test_demo_loads_without_personal_data(loaded, demo_file):
    columns = [row[0] for row in loaded.execute("describe raw.plan_2021_programacion").fetchall()]
    assert "encargado" not in columns
    names = {row[13] for row in _cells(demo_file)[1:] if row[13]}
    text = " ".join(
        str(v) for row in loaded.execute("from raw.plan_2021_programacion").fetchall() for v in row
    )
    assert names and not any(name in text for name in names)


def test_quantity_typed_as_text_is_quarantined(loaded):
    [(reason, redacted)] = loaded.execute(
        "select reason, redacted_line from raw.quarantine where source = ?", [CONTRACT.source]
    ).fetchall()
    assert reason == "CANTIDAD: «por definir» no es un entero"
    assert "[omitido]" in redacted  # the person in charge is never copied


def test_noise_is_present_and_recognisable(loaded):
    raw = "raw.plan_2021_programacion"
    assert _scalar(loaded, f"select count(*) from {raw} where estado = 'Anulada'") == 2
    assert _scalar(loaded, f"select count(*) from {raw} where anio = 2022") == 2
    assert _scalar(loaded, f"select count(*) from {raw} where estado = 'Borrador'") == 2
    spellings = {row[0] for row in loaded.execute(f"select distinct comuna from {raw}").fetchall()}
    assert {"ALTO DEL CARMEN", "Alto Del Carmen", "Alto del Carmen", "Provincial"} <= spellings
    assert _scalar(loaded, f"select count(*) from {raw} where localidad = 'Ato del Carmen'") == 1


def test_counting_the_plan_as_the_models_do_gives_the_printed_tables(loaded):
    """The dbt classification (2021, not cancelled, not draft), written directly in SQL."""
    counted = """
        from raw.plan_2021_programacion
        where anio = 2021 and lower(estado) = 'programada'
            and lower(strip_accents(tipo_actividad)) = '{tipo}'
    """
    plazas = {
        (row["row_label"], int(float(row["value"]))) for row in published_cells("plan_2021_plazas")
    }
    computed_plazas = set(
        loaded.execute(
            f"select localidad, sum(publico_estimado) {counted.format(tipo='plaza ciudadana')} "
            "group by localidad"
        ).fetchall()
    )
    assert computed_plazas == plazas
    dialogos = {
        (row["row_label"], int(float(row["value"])))
        for row in published_cells("plan_2021_dialogos")
    }
    computed_dialogos = set(
        loaded.execute(
            f"select localidad, sum(cantidad) {counted.format(tipo='dialogo ciudadano')} "
            "group by localidad"
        ).fetchall()
    )
    assert computed_dialogos == dialogos
    # Without the noise handling the tables would be wrong: the cancelled and draft rows count.
    everything = _scalar(
        loaded,
        "select sum(cantidad) from raw.plan_2021_programacion "
        "where lower(strip_accents(tipo_actividad)) = 'dialogo ciudadano'",
    )
    assert everything > sum(count for _, count in dialogos)


def test_comuna_spellings_all_resolve(loaded):
    keys = {
        row[0]
        for row in loaded.execute(
            "select distinct lower(strip_accents(trim(comuna))) from raw.plan_2021_programacion"
        ).fetchall()
    }
    assert keys == {"alto del carmen", "freirina", "huasco", "vallenar", "provincial"}


def test_missing_column_is_a_contract_error(tmp_path):
    header = [c.header for c in CONTRACT.columns if c.name != "estado"]
    path = _write_xlsx(tmp_path / "sin_estado.xlsx", [header, [1, 2021] + [""] * (len(header) - 2)])
    with pytest.raises(ContractError, match="missing columns: ESTADO"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_is_a_contract_error(tmp_path):
    header = [c.header for c in CONTRACT.columns]
    path = _write_xlsx(tmp_path / "otra_hoja.xlsx", [header], sheet="Hoja1")
    with pytest.raises(ContractError, match="sheet 'Programación' not found"):
        read_extract(path, CONTRACT, tmp_path)


def test_corrupt_workbook_is_a_contract_error(tmp_path):
    path = tmp_path / "roto.xlsx"
    path.write_bytes(b"PK\x03\x04 esto no es una planilla")
    with pytest.raises(ContractError, match=r"not a readable \.xlsx workbook"):
        read_extract(path, CONTRACT, tmp_path)


def test_empty_sheet_is_a_contract_error(tmp_path):
    path = _write_xlsx(tmp_path / "vacia.xlsx", [])
    with pytest.raises(ContractError, match="empty"):
        read_extract(path, CONTRACT, tmp_path)


def test_generator_is_deterministic(tmp_path):
    [first] = demo.generate(tmp_path / "a", 1)
    [second] = demo.generate(tmp_path / "b", 1)
    assert _cells(first) == _cells(second)
    assert first.read_bytes() == second.read_bytes()


def test_scale_adds_draft_rows_only(tmp_path):
    [small] = demo.generate(tmp_path / "s", 1)
    [large] = demo.generate(tmp_path / "l", 3)

    def plan_2021(path: Path) -> list[tuple]:
        return sorted(
            (row[3], row[4], str(row[5]).strip().upper(), row[6], row[8], row[11], row[12])
            for row in _cells(path)[1:]
            if row[1] == 2021
        )

    def drafts(path: Path) -> int:
        return sum(1 for row in _cells(path)[1:] if row[1] == 2022)

    assert plan_2021(small) == plan_2021(large)
    assert (drafts(small), drafts(large)) == (2, 6)
