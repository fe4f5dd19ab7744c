"""Public services convened to «Gobierno en Terreno» plazas: contract, noise, its handling."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.demo import get_plazas
from ingestion.demo.common import published_cells, read_seed, text_figure
from ingestion.reading import read_extract
from ingestion.sources.get_servicios import CONTRACT


def expected_rows() -> int:
    plazas = get_plazas.plan()
    return sum(len(p.servicios) + len(p.ausentes) for p in plazas) + 1  # one written twice


@pytest.fixture(scope="module")
def loaded(loaded):
    """The demo sheet loaded, with the seed's catalogue of services as the table `catalogo`."""
    con, _ = loaded
    catalogue = [(row["sigla"], row["servicio"]) for row in read_seed("get_servicios_publicos")]
    con.execute("create table catalogo (sigla varchar, servicio varchar)")
    con.executemany("insert into catalogo values (?, ?)", catalogue)
    return loaded


def test_demo_files_read_and_load(demo_files: list[Path], loaded, tmp_path: Path) -> None:
    reads = [read_extract(path, CONTRACT, tmp_path) for path in demo_files]
    assert all(read.encoding == "xlsx" for read in reads)
    assert sum(read.data_rows for read in reads) == expected_rows()
    _, results = loaded
    assert sum(result.rows_loaded for result in results) == expected_rows()
    assert all(result.rows_quarantined == 0 for result in results)


def test_noise_is_present(loaded) -> None:
    con, _ = loaded
    absent = con.execute("select count(*) from raw.get_servicios where not asistio").fetchone()
    assert absent[0] > 0  # services that confirmed and did not come
    labels = [row[0] for row in con.execute("select servicio from raw.get_servicios").fetchall()]
    assert any(label.isupper() and " " in label for label in labels)  # names in capitals
    assert "FONASA" in labels or "SII" in labels  # services by acronym
    assert any(
        label.startswith("GET-2019")
        for (label,) in con.execute("select id_plaza from raw.get_servicios").fetchall()
    )


def test_services_of_2020_match_the_published_figures(loaded) -> None:
    """Identified in the catalogue, once per plaza, only if they came: the printed counts."""
    con, _ = loaded
    per_plaza = dict(
        con.execute(
            """
            with identified as (
                select distinct s.id_plaza, c.sigla
                from raw.get_servicios as s
                join catalogo as c
                    on lower(strip_accents(trim(s.servicio)))
                        in (lower(strip_accents(c.servicio)), lower(strip_accents(c.sigla)))
                where s.asistio and s.id_plaza like 'GET-2020-%'
            )
            select id_plaza, count(*) from identified group by 1
            """
        ).fetchall()
    )
    held = [p for p in get_plazas.plan() if p.fecha.year == 2020 and p.estado == "Realizada"]
    printed = sorted(
        int(float(c["value"]))
        for c in published_cells("get_plazas", 2020)
        if c["column_label"] == get_plazas.SERVICES_COLUMN
    )
    assert sorted(per_plaza[p.id_plaza] for p in held) == printed
    suspended = [p.id_plaza for p in get_plazas.plan() if p.estado == "Suspendida"]
    assert all(plaza not in per_plaza for plaza in suspended)
    distinct = con.execute(
        """
        select count(distinct c.sigla)
        from raw.get_servicios as s
        join catalogo as c
            on lower(strip_accents(trim(s.servicio)))
                in (lower(strip_accents(c.servicio)), lower(strip_accents(c.sigla)))
        where s.asistio and s.id_plaza like 'GET-2020-%'
        """
    ).fetchone()[0]
    assert distinct == text_figure(get_plazas.DISTINCT_SERVICES_FIGURE, 2020)


def test_a_service_written_twice_in_a_plaza(loaded) -> None:
    con, _ = loaded
    rows, distinct = con.execute(
        """
        select count(*), count(distinct c.sigla)
        from raw.get_servicios as s
        join catalogo as c
            on lower(strip_accents(trim(s.servicio)))
                in (lower(strip_accents(c.servicio)), lower(strip_accents(c.sigla)))
        where s.id_plaza = 'GET-2020-01' and s.asistio
        """
    ).fetchone()
    assert rows == distinct + 1
