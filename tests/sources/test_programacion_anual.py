"""The planning sheets: the 2021 one (the 2020 report's part III) parses and loads under the
contract, noise included; the plans no edition prints have the same shape."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ingestion.demo import programacion_anual as demo
from ingestion.demo.common import DEMO_YEARS, published_cells
from ingestion.reading import read_extract
from ingestion.sources.programacion_anual import CONTRACT

# The demo sheet: 58 activity rows (one with a quantity typed as text) and 3 subtotal rows.
ROWS_LOADED = 57
ROWS_QUARANTINED = 1
SUBTOTAL_ROWS = 3


PLAN_YEAR = 2021  # the plan the edition in the seeds (2020) prints


@pytest.fixture(scope="module")
def demo_files(generated_demo) -> list[Path]:
    """The plan of PLAN_YEAR only (the others are checked in test_every_plan_has_one_shape)."""
    _, paths = generated_demo(CONTRACT.source)
    return [paths[DEMO_YEARS.index(PLAN_YEAR)]]


@pytest.fixture(scope="module")
def demo_file(demo_files: list[Path]) -> Path:
    [path] = demo_files
    return path


@pytest.fixture(scope="module")
def con(loaded) -> duckdb.DuckDBPyConnection:
    """The demo sheet loaded, with the counts it must give."""
    con, [result] = loaded
    assert (result.rows_loaded, result.rows_quarantined) == (ROWS_LOADED, ROWS_QUARANTINED)
    return con


def _scalar(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


def test_demo_parses_under_the_contract(demo_file, tmp_path):
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.data_rows == ROWS_LOADED + ROWS_QUARANTINED
    assert read.skipped_rows == SUBTOTAL_ROWS
    assert read.rejects == []


def test_demo_loads_without_personal_data(con, demo_file, cells):
    columns = [row[0] for row in con.execute("describe raw.programacion_anual").fetchall()]
    assert "encargado" not in columns
    names = {row[13] for row in cells(demo_file)[1:] if row[13]}
    text = " ".join(
        str(v) for row in con.execute("from raw.programacion_anual").fetchall() for v in row
    )
    assert names and not any(name in text for name in names)


def test_quantity_typed_as_text_is_quarantined(con):
    [(reason, redacted)] = con.execute(
        "select reason, redacted_line from raw.quarantine where source = ?", [CONTRACT.source]
    ).fetchall()
    assert reason == "CANTIDAD: «por definir» no es un entero"
    assert "[omitido]" in redacted  # the person in charge is never copied


def test_noise_is_present_and_recognisable(con):
    raw = "raw.programacion_anual"
    assert _scalar(con, f"select count(*) from {raw} where estado = 'Anulada'") == 2
    assert _scalar(con, f"select count(*) from {raw} where anio = 2022") == 2
    assert _scalar(con, f"select count(*) from {raw} where estado = 'Borrador'") == 2
    spellings = {row[0] for row in con.execute(f"select distinct comuna from {raw}").fetchall()}
    assert {"ALTO DEL CARMEN", "Alto Del Carmen", "Alto del Carmen", "Provincial"} <= spellings
    assert _scalar(con, f"select count(*) from {raw} where localidad = 'Ato del Carmen'") == 1


def test_counting_the_plan_as_the_models_do_gives_the_printed_tables(con):
    """The dbt classification (2021, not cancelled, not draft), written directly in SQL."""
    counted = """
        from raw.programacion_anual
        where anio = 2021 and lower(estado) = 'programada'
            and lower(strip_accents(tipo_actividad)) = '{tipo}'
    """
    plazas = {
        (row["row_label"], int(float(row["value"])))
        for row in published_cells("programacion_plazas", 2020)
    }
    computed_plazas = set(
        con.execute(
            f"select localidad, sum(publico_estimado) {counted.format(tipo='plaza ciudadana')} "
            "group by localidad"
        ).fetchall()
    )
    assert computed_plazas == plazas
    dialogos = {
        (row["row_label"], int(float(row["value"])))
        for row in published_cells("programacion_dialogos", 2020)
    }
    computed_dialogos = set(
        con.execute(
            f"select localidad, sum(cantidad) {counted.format(tipo='dialogo ciudadano')} "
            "group by localidad"
        ).fetchall()
    )
    assert computed_dialogos == dialogos
    # Without the noise handling the tables would be wrong: the cancelled and draft rows count.
    everything = _scalar(
        con,
        "select sum(cantidad) from raw.programacion_anual "
        "where lower(strip_accents(tipo_actividad)) = 'dialogo ciudadano'",
    )
    assert everything > sum(count for _, count in dialogos)


def test_comuna_spellings_all_resolve(con):
    keys = {
        row[0]
        for row in con.execute(
            "select distinct lower(strip_accents(trim(comuna))) from raw.programacion_anual"
        ).fetchall()
    }
    assert keys == {"alto del carmen", "freirina", "huasco", "vallenar", "provincial"}


def test_every_plan_has_one_shape(generated_demo, load, cells, tmp_path):
    """The plans of 2019 and 2020 (no edition prints them) load like the 2021 one, their
    volumes moved and their dates in their year."""
    _, paths = generated_demo(CONTRACT.source)
    for year, path in zip(DEMO_YEARS, paths, strict=True):
        con, result = load(path)
        assert (result.rows_loaded, result.rows_quarantined) == (ROWS_LOADED, ROWS_QUARANTINED)
        assert (
            _scalar(con, f"select count(*) from raw.programacion_anual where anio = {year + 1}")
            == 2
        )
        dates = con.execute(
            "select distinct year(fecha_estimada) from raw.programacion_anual "
            f"where anio = {year} and fecha_estimada is not null"
        ).fetchall()
        assert dates == [(year,)]
    audiences = [
        _scalar(load(path)[0], "select sum(publico_estimado) from raw.programacion_anual")
        for path in paths
    ]
    assert len(set(audiences)) == len(paths)  # invented plans are not copies


def test_scale_adds_draft_rows_only(cells, tmp_path):
    [small] = demo.generate(tmp_path / "s", 1, year=2021)
    [large] = demo.generate(tmp_path / "l", 3, year=2021)

    def plan_2021(path: Path) -> list[tuple]:
        return sorted(
            (row[3], row[4], str(row[5]).strip().upper(), row[6], row[8], row[11], row[12])
            for row in cells(path)[1:]
            if row[1] == 2021
        )

    def drafts(path: Path) -> int:
        return sum(1 for row in cells(path)[1:] if row[1] == 2022)

    assert plan_2021(small) == plan_2021(large)
    assert (drafts(small), drafts(large)) == (2, 6)
