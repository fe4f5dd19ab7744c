"""FONDES applications export (.xlsx): contract, demo, noise and its handling."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.contracts import header_key
from ingestion.demo import fondes_proyectos as demo
from ingestion.demo.common import published_cells, read_seed
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.fondes_proyectos import CONTRACT

KEY = "clave-de-prueba"
SHEET = "Postulaciones"
HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")

# The pipeline's rule (int_fondes__proyectos_classified and the printed-table mart) over the
# raw table: an application exported twice keeps its folio and counts once; the table counts
# the organisations of Huasco awarded in the 2020 contest (not the withdrawn ones).
AWARDED_SQL = f"""
with applications as (
    select folio, any_value(anio) as anio, any_value(rut_organizacion_hash) as organizacion,
        any_value(upper(strip_accents(trim(comuna)))) as comuna_key,
        any_value(tipo_organizacion) as tipo, any_value(monto_adjudicado) as monto,
        any_value(upper(strip_accents(trim(estado)))) as estado
    from raw.fondes_proyectos
    group by folio
)
select * from applications
where anio = 2020 and estado = 'ADJUDICADO' and comuna_key in {HUASCO}
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
        landed_at="2021-04-05T12:00:00+00:00",
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


def printed() -> dict[tuple[str, str], int]:
    return {
        (cell["row_label"], cell["column_label"]): int(float(cell["value"]))
        for cell in published_cells("fondes_organizaciones_2020")
    }


def table_2020(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], int]:
    """The printed cells, computed from the raw table with the seed's type mapping."""
    label_by_type = {
        header_key(row["tipo_organizacion_sistema"]): row["tipo_organizacion"]
        for row in read_seed("fondes_tipos_organizacion")
    }
    organisations: dict[str, set[str]] = {}
    amounts: Counter[str] = Counter()
    for organisation, system_type, amount in sql(
        con, f"select organizacion, tipo, monto from ({AWARDED_SQL})"
    ):
        label = label_by_type[header_key(system_type)]
        organisations.setdefault(label, set()).add(organisation)
        amounts[label] += amount
    cells_ = {}
    for label, members in organisations.items():
        cells_[(label, demo.COUNT_COLUMN)] = len(members)
        cells_[(label, demo.AMOUNT_COLUMN)] = amounts[label]
    return cells_


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("fondes"), 1)
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
    assert result.rows_quarantined == 0
    assert result.rows_loaded == read.data_rows
    columns = [row[0] for row in sql(con, "describe raw.fondes_proyectos")]
    assert "rut_organizacion_hash" in columns and "rut_organizacion" not in columns
    assert "nombre_organizacion" in columns  # a legal person's name is public


def test_amounts_come_as_numbers_and_as_text(demo_file, loaded):
    rows = cells(demo_file)[1:]
    requested = [row[9] for row in rows]
    assert any(isinstance(value, float) for value in requested)
    assert any(isinstance(value, str) and value.startswith("$ ") for value in requested)
    assert any(row[10] == "" for row in rows)  # not awarded: no amount
    con, _ = loaded
    [(unread,)] = sql(
        con, "select count(*) from raw.fondes_proyectos where monto_solicitado is null"
    )
    assert unread == 0


def test_noise_is_present(loaded):
    con, _ = loaded
    [(copies,)] = sql(con, "select count(*) - count(distinct folio) from raw.fondes_proyectos")
    assert copies == demo.DUPLICATED_EXPORTS
    [(copied_award,)] = sql(
        con,
        f"select count(*) from raw.fondes_proyectos where folio in (select folio from "
        f"({AWARDED_SQL})) group by folio order by 1 desc limit 1",
    )
    assert copied_award == 2  # one of Huasco's awards is exported twice
    states = dict(
        sql(
            con,
            "select upper(strip_accents(estado)), count(*) from raw.fondes_proyectos "
            "where anio = 2020 group by 1",
        )
    )
    assert set(states) == {"ADJUDICADO", "NO ADJUDICADO", "DESISTIDO"}
    [(withdrawn_with_amount,)] = sql(
        con,
        "select count(*) from raw.fondes_proyectos "
        "where upper(estado) = 'DESISTIDO' and monto_adjudicado is not null",
    )
    assert withdrawn_with_amount > 0
    years = {row[0] for row in sql(con, "select distinct anio from raw.fondes_proyectos")}
    assert years == {2019, 2020, 2021}
    comunas = {row[0] for row in sql(con, "select distinct comuna from raw.fondes_proyectos")}
    assert {"Copiapó", "COPIAPO", "Alto del Carmen", "ALTO DEL CARMEN"} <= comunas


def test_every_system_type_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {
        header_key(row["tipo_organizacion_sistema"])
        for row in read_seed("fondes_tipos_organizacion")
    }
    types = {
        row[0] for row in sql(con, "select distinct tipo_organizacion from raw.fondes_proyectos")
    }
    assert {header_key(label) for label in types} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert table_2020(con) == printed()
    [(organisations, comunas, amount)] = sql(
        con,
        f"select count(distinct organizacion), count(distinct comuna_key), sum(monto) "
        f"from ({AWARDED_SQL})",
    )
    texts = {
        row["figure_id"]: int(float(row["value"]))
        for row in read_seed("published_figures")
        if row["figure_id"].startswith("fondes__texto__")
    }
    assert organisations == texts["fondes__texto__organizaciones_beneficiadas"]
    assert comunas == texts["fondes__texto__comunas"]
    assert amount == texts["fondes__texto__monto_total"]


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive_rows, naive_amount)] = sql(
        con,
        "select count(*), sum(monto_adjudicado) from raw.fondes_proyectos where anio = 2020",
    )
    totals = Counter()
    for (_, column), value in printed().items():
        totals[column] += value
    assert naive_rows > totals[demo.COUNT_COLUMN]
    assert naive_amount > totals[demo.AMOUNT_COLUMN]


def test_missing_column_is_a_contract_error(demo_file, tmp_path):
    rows = [row[:-1] for row in cells(demo_file)[:5]]
    path = write_workbook(tmp_path / "sin_estado.xlsx", [[str(c) for c in row] for row in rows])
    with pytest.raises(ContractError, match="missing columns: ESTADO"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_corrupt_and_empty_workbooks_are_contract_errors(demo_file, tmp_path):
    header = [column.header for column in CONTRACT.columns]
    wrong_sheet = write_workbook(tmp_path / "hoja.xlsx", [header], sheet="Hoja1")
    with pytest.raises(ContractError, match="sheet 'Postulaciones' not found"):
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


def test_scale_grows_only_outside_huasco_2020(demo_file, tmp_path):
    [large] = demo.generate(tmp_path, 3)
    assert len(cells(large)) > 2.5 * len(cells(demo_file))
    con = duckdb.connect()
    load_extract(con, landed(large), CONTRACT, KEY)
    assert table_2020(con) == printed()
