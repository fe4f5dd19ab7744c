"""«Mascota Protegida» services workbook (.xlsx): contract, demo, noise and its handling."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.contracts import header_key
from ingestion.demo import convenio_mascota_protegida_prestaciones as demo
from ingestion.demo.common import read_seed
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.convenio_mascota_protegida_prestaciones import CONTRACT

KEY = "clave-de-prueba"
SHEET = "Prestaciones"
HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")
# The text of report II.9.a: «dos programas» that «abarcan las cuatro comunas».
PRINTED = {
    row["figure_id"]: int(float(row["value"]))
    for row in read_seed("published_figures")
    if row["figure_id"].endswith("_mascota_protegida")
}
PRINTED_PROGRAMMES = PRINTED["convenios__texto__programas_mascota_protegida"]
PRINTED_COMUNAS = PRINTED["convenios__texto__comunas_mascota_protegida"]


def landed(path: Path) -> LandedExtract:
    data = path.read_bytes()
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at="2021-07-01T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


def cells(path: Path) -> list[list]:
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).iter_rows())


def write_workbook(path: Path, rows: list[list], sheet: str = SHEET) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            worksheet.write(row_index, column, value)
    workbook.close()
    return path


def sql(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def coverage_2020(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Programme of the 2020 agreement (seed, by typed name and year) -> comunas reached."""
    programme_by_label = {
        (header_key(row["programa_registrado"]), int(row["anio_convenio"])): row["programa"]
        for row in read_seed("convenios_mascota_protegida_programas")
    }
    coverage: dict[str, set[str]] = {}
    for label, comuna in sql(
        con,
        "select distinct programa, upper(strip_accents(trim(comuna))) "
        "from raw.convenio_mascota_protegida_prestaciones where year(fecha_prestacion) = 2020",
    ):
        if comuna in HUASCO:
            programme = programme_by_label[(header_key(label), 2020)]
            coverage.setdefault(programme, set()).add(comuna)
    return coverage


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("mascota"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def test_demo_file_is_the_configured_one(demo_file):
    assert demo_file.name == Path(demo.DEMO_FILES[0]).name == CONTRACT.file_pattern


def test_demo_parses_and_loads_with_expected_counts(demo_file, loaded, tmp_path):
    con, result = loaded
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.rejects == []
    assert read.data_rows == len(cells(demo_file)) - 1
    assert result.rows_quarantined == demo.INVALID_RUT_ROWS
    assert result.rows_loaded == read.data_rows - demo.INVALID_RUT_ROWS
    assert result.rows_quarantined <= 0.01 * read.data_rows  # the refresh's threshold
    reasons = Counter(row[0] for row in sql(con, "select reason from raw.quarantine"))
    assert reasons == {
        "RUT TUTOR: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS
    }


def test_names_never_load(loaded):
    con, _ = loaded
    columns = [row[0] for row in sql(con, "describe raw.convenio_mascota_protegida_prestaciones")]
    assert "nombre_tutor" not in columns
    assert "rut_tutor_hash" in columns and "rut_tutor" not in columns


def test_dates_are_real_date_cells(demo_file):
    assert all(isinstance(row[0], date) for row in cells(demo_file)[1:])


def test_noise_is_present(loaded):
    con, _ = loaded
    years = {
        row[0]
        for row in sql(
            con,
            "select distinct year(fecha_prestacion) "
            "from raw.convenio_mascota_protegida_prestaciones",
        )
    }
    assert years == {2019, 2020, 2021}
    labels = {
        row[0]
        for row in sql(
            con, "select distinct programa from raw.convenio_mascota_protegida_prestaciones"
        )
    }
    # the same typed name belongs to the 2019 and to the 2020 agreement
    assert {"Plan Veterinario en Marcha", "Plan Vet. en Marcha 2020"} <= labels
    assert {"Esterilización Gobernación", "ESTERILIZACIÓN EN GOBERNACIÓN"} <= labels
    comunas = {
        row[0]
        for row in sql(
            con, "select distinct comuna from raw.convenio_mascota_protegida_prestaciones"
        )
    }
    assert {"Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"} <= comunas


def test_every_typed_programme_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {
        (header_key(row["programa_registrado"]), int(row["anio_convenio"]))
        for row in read_seed("convenios_mascota_protegida_programas")
    }
    typed = sql(
        con,
        "select distinct programa, year(fecha_prestacion) "
        "from raw.convenio_mascota_protegida_prestaciones",
    )
    assert {(header_key(label), year) for label, year in typed} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    coverage = coverage_2020(con)
    assert len(coverage) == PRINTED_PROGRAMMES
    assert len(set.intersection(*coverage.values())) == PRINTED_COMUNAS


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(typed_names,)] = sql(
        con,
        "select count(distinct programa) from raw.convenio_mascota_protegida_prestaciones "
        "where year(fecha_prestacion) = 2020",
    )
    assert typed_names > PRINTED_PROGRAMMES


def test_missing_column_is_a_contract_error(demo_file, tmp_path):
    rows = [row[:-1] for row in cells(demo_file)[:5]]
    path = write_workbook(tmp_path / "sin_prestacion.xlsx", [[str(c) for c in row] for row in rows])
    with pytest.raises(ContractError, match="missing columns: PRESTACIÓN"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_corrupt_and_empty_workbooks_are_contract_errors(demo_file, tmp_path):
    header = [column.header for column in CONTRACT.columns]
    wrong_sheet = write_workbook(tmp_path / "hoja.xlsx", [header], sheet="Hoja1")
    with pytest.raises(ContractError, match="sheet 'Prestaciones' not found"):
        read_extract(wrong_sheet, CONTRACT, tmp_path)
    corrupt = tmp_path / "corrupta.xlsx"
    corrupt.write_bytes(demo_file.read_bytes()[:2_000])
    with pytest.raises(ContractError, match=r"not a readable \.xlsx workbook"):
        read_extract(corrupt, CONTRACT, tmp_path)
    empty = write_workbook(tmp_path / "vacia.xlsx", [])
    with pytest.raises(ContractError, match="empty"):
        read_extract(empty, CONTRACT, tmp_path)


def test_generator_is_deterministic(demo_file, tmp_path):
    [again] = demo.generate(tmp_path, 1)
    assert cells(again) == cells(demo_file)
    assert again.read_bytes() == demo_file.read_bytes()


def test_scale_grows_only_outside_2020(demo_file, tmp_path):
    [large] = demo.generate(tmp_path, 3)
    per_year = {}
    for name, path in (("small", demo_file), ("large", large)):
        per_year[name] = Counter(row[0].year for row in cells(path)[1:])
    assert per_year["large"][2020] - per_year["small"][2020] in range(-3, 4)  # bad RUT copies
    for year in (2019, 2021):
        assert per_year["large"][year] > 2.5 * per_year["small"][year]
    con = duckdb.connect()
    load_extract(con, landed(large), CONTRACT, KEY)
    coverage = coverage_2020(con)
    assert len(coverage) == PRINTED_PROGRAMMES
    assert len(set.intersection(*coverage.values())) == PRINTED_COMUNAS
