"""The «Gobierno en Terreno» plaza log: contract, demo noise and malformed workbooks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from ingestion.demo import get_plazas as demo
from ingestion.demo.common import published_cells
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.get_plazas import CONTRACT

KEY = "clave-de-prueba"
HEADER = [column.header for column in CONTRACT.columns]


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


def cells(path: Path) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Plazas").to_python()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("get_plazas"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file: Path, tmp_path_factory: pytest.TempPathFactory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("w") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def test_demo_file_reads_under_its_contract(demo_file: Path, tmp_path: Path) -> None:
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert [column.header for column in read.columns] == HEADER
    assert read.data_rows == len(demo.plan()) + 1  # one plaza pasted twice
    assert read.rejects == []


def test_demo_file_loads_without_quarantine(loaded) -> None:
    con, result = loaded
    assert result.rows_loaded == len(demo.plan()) + 1
    assert result.rows_quarantined == 0
    columns = [row[0] for row in con.execute("describe raw.get_plazas").fetchall()]
    assert "encargado" not in columns  # the person in charge is personal data


def test_noise_is_present(loaded) -> None:
    con, _ = loaded
    twice = con.execute(
        "select count(*) from (select id_plaza from raw.get_plazas group by 1 having count(*) > 1)"
    ).fetchone()[0]
    assert twice == 1
    suspended = con.execute(
        "select count(*) from raw.get_plazas where estado = 'Suspendida'"
    ).fetchone()[0]
    assert suspended == 1
    years = con.execute("select distinct year(fecha_plaza) from raw.get_plazas").fetchall()
    assert {row[0] for row in years} == {2019, 2020, 2021}  # other years
    written = {row[0] for row in con.execute("select localidad from raw.get_plazas").fetchall()}
    assert any(name.isupper() for name in written)  # places written in capitals


def test_plazas_held_in_2020_give_the_published_text(loaded) -> None:
    """Without the copy and the suspended plaza: 10 plazas, 2 virtual, 8 distinct places."""
    con, _ = loaded
    plazas, virtual, places = con.execute(
        """
        with held as (
            select distinct id_plaza, modalidad, lower(strip_accents(localidad)) as place
            from raw.get_plazas
            where year(fecha_plaza) = 2020 and estado = 'Realizada'
        )
        select count(*), count(*) filter (modalidad = 'Virtual'),
            count(distinct place) filter (modalidad = 'Presencial')
        from held
        """
    ).fetchone()
    assert (plazas, virtual, places) == (10, 2, 8)
    assert plazas == len({cell["row_label"] for cell in published_cells("get_plazas_2020")})


def test_missing_column_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "plazas.xlsx"
    demo.write_xlsx(path, "Plazas", [h for h in HEADER if h != "MODALIDAD"], [])
    with pytest.raises(ContractError, match="missing columns: MODALIDAD"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "plazas.xlsx"
    demo.write_xlsx(path, "Hoja1", HEADER, [])
    with pytest.raises(ContractError, match="sheet 'Plazas' not found"):
        read_extract(path, CONTRACT, tmp_path)


def test_corrupt_workbook_is_a_contract_error(tmp_path: Path, demo_file: Path) -> None:
    path = tmp_path / "plazas.xlsx"
    path.write_bytes(demo_file.read_bytes()[:500])
    with pytest.raises(ContractError, match="not a readable"):
        read_extract(path, CONTRACT, tmp_path)


def test_empty_sheet_is_a_contract_error(tmp_path: Path) -> None:
    path = tmp_path / "plazas.xlsx"
    demo.write_xlsx(path, "Plazas", [], [])
    with pytest.raises(ContractError, match="empty"):
        read_extract(path, CONTRACT, tmp_path)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    [first] = demo.generate(tmp_path / "a", 1)
    [second] = demo.generate(tmp_path / "b", 1)
    assert cells(first) == cells(second)
    assert first.read_bytes() == second.read_bytes()


def test_scale_grows_other_years_only() -> None:
    def people(plazas: list[demo.Plaza], year: int) -> int:
        return sum(plaza.personas for plaza in plazas if plaza.fecha.year == year)

    small, large = demo.plan(1), demo.plan(3)
    assert people(large, 2020) == people(small, 2020)
    assert people(large, 2019) == 3 * people(small, 2019)
