"""Activity log of the social protection programme: contract, demo noise and its handling."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ingestion.demo import proteccion_social_actividades as demo
from ingestion.demo.common import text_figure, write_xlsx
from ingestion.reading import read_extract
from ingestion.sources.proteccion_social_actividades import CONTRACT

HEADER = [column.header for column in CONTRACT.columns]
# Realised activities of 2020, each counted once (a row written twice stands once).
COUNTED_2020 = """
    select distinct fecha_actividad, lower(strip_accents(area)) as area, tipo_actividad,
        instancia, numero_personas
    from raw.proteccion_social_actividades
    where year(fecha_actividad) = 2020 and estado = 'Realizada'
"""


def test_demo_files_read_and_load(demo_files: list[Path], loaded, cells, tmp_path: Path) -> None:
    _, results = loaded
    for path, result in zip(demo_files, results, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "xlsx"
        assert read.data_rows == len(cells(path)) - 1
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
    assert areas == text_figure(demo.AREAS_FIGURE, 2020)
    assert people > text_figure(demo.PEOPLE_FIGURE, 2020)
    assert meetings > text_figure(demo.MEETINGS_FIGURE, 2020)
    assert instances == text_figure(demo.TRAINING_FIGURE, 2020)
    assert training_rows > instances  # one instance in two sessions


def test_unknown_area_goes_to_quarantine(load, tmp_path: Path) -> None:
    path = tmp_path / "actividades.xlsx"
    row = ["15/04/2020", "Fiscalización", "Reunión", "X", "Local", "Remota", "", 3, "Realizada", ""]
    write_xlsx(path, "Actividades", HEADER, [row], created=datetime(2021, 1, 4))
    con, result = load(path)
    assert (result.rows_loaded, result.rows_quarantined) == (0, 1)
    [(reason,)] = con.execute("select reason from raw.quarantine").fetchall()
    assert reason.startswith("ÁREA: «Fiscalización» no está entre")
