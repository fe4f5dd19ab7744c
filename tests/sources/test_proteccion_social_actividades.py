"""Activity log of the social protection programme: contract, demo noise, bad workbooks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from ingestion.demo import proteccion_social_actividades as demo
from ingestion.demo.get_plazas import write_xlsx
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.proteccion_social_actividades import CONTRACT

KEY = "clave-de-prueba"
HEADER = [column.header for column in CONTRACT.columns]
# Realised activities of 2020, each counted once (a row written twice stands once).
COUNTED_2020 = """
    select distinct fecha_actividad, lower(strip_accents(area)) as area, tipo_actividad,
        instancia, numero_personas
    from raw.proteccion_social_actividades
    where year(fecha_actividad) = 2020 and estado = 'Realizada'
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
        landed_at="2021-01-04T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("proteccion_social"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file: Path, tmp_path_factory: pytest.TempPathFactory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("w") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def test_demo_file_reads_and_loads(demo_file: Path, loaded, tmp_path: Path) -> None:
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    sheet = CalamineWorkbook.from_path(str(demo_file)).get_sheet_by_name("Actividades")
    assert read.data_rows == len(sheet.to_python()) - 1
    _, result = loaded
    assert (result.rows_loaded, result.rows_quarantined) == (read.data_rows, 0)


def test_noise_is_present(loaded) -> None:
    con, _ = loaded
    suspended = con.execute(
        "select count(*) from raw.proteccion_social_actividades where estado = 'Suspendida'"
    ).fetchone()[0]
    assert suspended == 1
    twice = con.execute(
        """
        select count(*) from (
            select fecha_actividad, tipo_actividad, instancia
            from raw.proteccion_social_actividades
            where year(fecha_actividad) = 2020 group by all having count(*) > 1
        )
        """
    ).fetchone()[0]
    assert twice == 1
    areas = {
        row[0]
        for row in con.execute(
            "select distinct area from raw.proteccion_social_actividades"
        ).fetchall()
    }
    assert len(areas) > 3  # «Coordinación», «Coordinacion», «COORDINACIÓN»...
    years = con.execute(
        "select distinct year(fecha_actividad) from raw.proteccion_social_actividades"
    ).fetchall()
    assert {row[0] for row in years} == {2019, 2020, 2021}


def test_the_2020_activities_give_the_text_of_the_report(loaded) -> None:
    con, _ = loaded
    areas, people, meetings, instances, training_rows = con.execute(
        f"""
        with counted as ({COUNTED_2020})
        select
            count(distinct area),
            sum(numero_personas) filter (area = 'difusion'),
            count(*) filter (area = 'coordinacion'),
            count(distinct instancia) filter (area = 'capacitacion'),
            count(*) filter (area = 'capacitacion')
        from counted
        """
    ).fetchone()
    assert areas == demo.text_figure(demo.AREAS_FIGURE)
    assert people > demo.text_figure(demo.PEOPLE_FIGURE)
    assert meetings > demo.text_figure(demo.MEETINGS_FIGURE)
    assert instances == demo.text_figure(demo.TRAINING_FIGURE)
    assert training_rows > instances  # one instance in two sessions


def test_missing_column_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "actividades.xlsx"
    write_xlsx(path, "Actividades", [h for h in HEADER if h != "ÁREA"], [])
    with pytest.raises(ContractError, match="missing columns: ÁREA"):
        read_extract(path, CONTRACT, tmp_path)


def test_corrupt_workbook_is_a_contract_error(tmp_path: Path, demo_file: Path) -> None:
    path = tmp_path / "actividades.xlsx"
    path.write_bytes(demo_file.read_bytes()[:300])
    with pytest.raises(ContractError, match="not a readable"):
        read_extract(path, CONTRACT, tmp_path)


def test_empty_sheet_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "actividades.xlsx"
    write_xlsx(path, "Actividades", [], [])
    with pytest.raises(ContractError, match="empty"):
        read_extract(path, CONTRACT, tmp_path)


def test_unknown_area_goes_to_quarantine(tmp_path: Path) -> None:
    path = tmp_path / "actividades.xlsx"
    row = ["15/04/2020", "Fiscalización", "Reunión", "X", "Local", "Remota", "", 3, "Realizada", ""]
    write_xlsx(path, "Actividades", HEADER, [row])
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    result = load_extract(con, landed(path), CONTRACT, KEY)
    assert (result.rows_loaded, result.rows_quarantined) == (0, 1)
    [(reason,)] = con.execute("select reason from raw.quarantine").fetchall()
    assert reason.startswith("ÁREA: «Fiscalización» no está entre")
    con.close()


def test_generator_is_deterministic(tmp_path: Path) -> None:
    [first] = demo.generate(tmp_path / "a", 1)
    [second] = demo.generate(tmp_path / "b", 1)
    sheet = "Actividades"
    assert (
        CalamineWorkbook.from_path(str(first)).get_sheet_by_name(sheet).to_python()
        == CalamineWorkbook.from_path(str(second)).get_sheet_by_name(sheet).to_python()
    )
