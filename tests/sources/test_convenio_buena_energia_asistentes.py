"""«Con Buena Energía» attendance workbook (.xlsx): contract, demo, noise and its handling."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.demo import convenio_buena_energia_asistentes as demo
from ingestion.demo.common import published_cells
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.convenio_buena_energia_asistentes import CONTRACT

KEY = "clave-de-prueba"
SHEET = "Asistencia"
HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")

# The pipeline's rule (int_convenios__buena_energia_asistencias_classified and the marts)
# over the raw table: signatures repeated on the same sheet count once; a beneficiary is a
# person once a year, in the comuna of their first workshop of the year.
BENEFICIARIES_SQL = """
with signatures as (
    select distinct rut_asistente_hash, fecha_taller,
        upper(strip_accents(trim(comuna))) as comuna_key, lower(strip_accents(trim(taller)))
    from raw.convenio_buena_energia_asistentes
)
select rut_asistente_hash, year(fecha_taller) as anio,
    arg_min(comuna_key, fecha_taller) as comuna_key, count(*) as talleres
from signatures
group by 1, 2
"""


def landed(path: Path) -> LandedExtract:
    data = path.read_bytes()
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at="2021-03-01T12:00:00+00:00",
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


def printed() -> dict[str, int]:
    return {
        cell["row_label"].upper(): int(float(cell["value"]))
        for cell in published_cells("convenio_buena_energia_2020")
    }


def huasco_2020(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(
        sql(
            con,
            f"select comuna_key, count(*) from ({BENEFICIARIES_SQL}) "
            f"where anio = 2020 and comuna_key in {HUASCO} group by 1",
        )
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("buena_energia"), 1)
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
    assert reasons == {"RUT: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS}


def test_names_and_phones_never_load(loaded):
    con, _ = loaded
    columns = [row[0] for row in sql(con, "describe raw.convenio_buena_energia_asistentes")]
    assert "nombre" not in columns and "telefono" not in columns
    assert "rut_asistente_hash" in columns and "rut_asistente" not in columns


def test_cells_come_as_an_office_keeps_them(demo_file):
    rows = cells(demo_file)[1:]
    assert all(isinstance(row[0], date) for row in rows)
    certificates = {row[7] for row in rows}
    assert {True, False} <= certificates  # real TRUE/FALSE cells...
    assert {"Sí", "SI", "No", "NO"} <= certificates  # ...and typed text
    assert any(row[6] == "" for row in rows)  # blank phone cells
    assert any(row[1] == "Vallenar " for row in rows)  # a trailing space the loader trims


def test_noise_is_present(loaded):
    con, _ = loaded
    [(repeated,)] = sql(
        con,
        """
        select coalesce(sum(n - 1), 0) from (
            select count(*) as n from raw.convenio_buena_energia_asistentes
            group by rut_asistente_hash, fecha_taller, taller)
        """,
    )
    assert repeated >= demo.DUPLICATED_SIGNATURES
    years = {
        row[0]
        for row in sql(
            con, "select distinct year(fecha_taller) from raw.convenio_buena_energia_asistentes"
        )
    }
    assert years == {2019, 2020, 2021}
    spellings = {
        row[0]
        for row in sql(con, "select distinct comuna from raw.convenio_buena_energia_asistentes")
    }
    assert {"Copiapó", "COPIAPO", "Copiapo", "Vallenar", "VALLENAR"} <= spellings
    [(cross_comuna,)] = sql(
        con,
        """
        select count(*) from (
            select rut_asistente_hash from raw.convenio_buena_energia_asistentes
            where year(fecha_taller) = 2020
            group by 1 having count(distinct upper(strip_accents(trim(comuna)))) > 1)
        """,
    )
    assert cross_comuna == demo.CROSS_COMUNA_RETURNS


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert huasco_2020(con) == printed()


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    naive = dict(
        sql(
            con,
            "select upper(trim(comuna)), count(*) from raw.convenio_buena_energia_asistentes "
            f"where year(fecha_taller) = 2020 and upper(trim(comuna)) in {HUASCO} group by 1",
        )
    )
    assert sum(naive.values()) > sum(printed().values())


def test_missing_column_is_a_contract_error(demo_file, tmp_path):
    rows = [[cell for index, cell in enumerate(row) if index != 4] for row in cells(demo_file)[:5]]
    path = write_workbook(tmp_path / "sin_rut.xlsx", [[str(c) for c in row] for row in rows])
    with pytest.raises(ContractError, match="missing columns: RUT"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_corrupt_and_empty_workbooks_are_contract_errors(demo_file, tmp_path):
    header = [column.header for column in CONTRACT.columns]
    wrong_sheet = write_workbook(tmp_path / "hoja.xlsx", [header], sheet="Hoja1")
    with pytest.raises(ContractError, match="sheet 'Asistencia' not found"):
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


def test_scale_grows_only_outside_huasco_2020(tmp_path):
    small = demo.people_per_comuna(1)
    large = demo.people_per_comuna(3)
    for key, (people, sessions) in small.items():
        expected = people if key[0] == 2020 and key[1].upper() in HUASCO else 3 * people
        assert large[key] == (expected, sessions)
    [path] = demo.generate(tmp_path, 3)
    con = duckdb.connect()
    load_extract(con, landed(path), CONTRACT, KEY)
    assert huasco_2020(con) == printed()
