"""The «Gobierno en Terreno» plaza log: contract, demo noise and how it is handled."""

from __future__ import annotations

from pathlib import Path

from ingestion.demo import get_plazas as demo
from ingestion.demo.common import published_cells
from ingestion.reading import read_extract
from ingestion.sources.get_plazas import CONTRACT

HEADER = [column.header for column in CONTRACT.columns]


def test_demo_files_read_under_their_contract(demo_files: list[Path], tmp_path: Path) -> None:
    data_rows = 0
    for path in demo_files:
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "xlsx"
        assert [column.header for column in read.columns] == HEADER
        assert read.rejects == []
        data_rows += read.data_rows
    assert data_rows == len(demo.plan()) + 1  # one plaza pasted twice


def test_demo_files_load_without_quarantine(loaded) -> None:
    con, results = loaded
    assert sum(result.rows_loaded for result in results) == len(demo.plan()) + 1
    assert all(result.rows_quarantined == 0 for result in results)
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
    assert plazas == len({cell["row_label"] for cell in published_cells("get_plazas", 2020)})


def test_scale_grows_other_years_only() -> None:
    def people(plazas: list[demo.Plaza], year: int) -> int:
        return sum(plaza.personas for plaza in plazas if plaza.fecha.year == year)

    small, large = demo.plan(1), demo.plan(3)
    assert people(large, 2020) == people(small, 2020)
    assert people(large, 2019) == 3 * people(small, 2019)
