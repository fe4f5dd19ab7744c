"""The emergency log of Atacama: contract, demo noise and how it is handled."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from ingestion.demo import emergencias_eventos as demo
from ingestion.demo.common import DEMO_YEARS, read_seed, text_figure
from ingestion.reading import read_extract
from ingestion.sources.emergencias_eventos import CONTRACT

# The dbt classification in SQL: Huasco comunas, emergency codes, no drills, and a report
# of the same day, comuna and code within 30 minutes of the previous one is the same event.
COUNTED = """
    with candidates as (
        select *,
            lower(strip_accents(comuna)) as comuna_key,
            split_part(hora_evento, ':', 1)::int * 60 + split_part(hora_evento, ':', 2)::int
                as minute
        from raw.emergencias_eventos
        where not is_simulacro and clave in (select clave from codes where is_emergencia)
    ),
    sequenced as (
        select *, minute - lag(minute) over (
            partition by fecha_evento, comuna_key, clave order by minute, numero_reporte
        ) as since_previous
        from candidates
    )
    select * from sequenced
    where coalesce(since_previous, 999) > 30
        and comuna_key in ('vallenar', 'alto del carmen', 'freirina', 'huasco')
"""


@pytest.fixture(scope="module")
def loaded(loaded):
    """The demo log loaded, with the emergency codes of the seed as the table `codes`."""
    con, _ = loaded
    con.execute("create table codes (clave varchar, is_emergencia boolean)")
    con.executemany(
        "insert into codes values (?, ?)",
        [(r["clave"], r["is_emergencia"] == "true") for r in read_seed("emergencias_tipos")],
    )
    return loaded


def test_demo_files_read_and_load(demo_files: list[Path], loaded, tmp_path: Path) -> None:
    _, results = loaded
    for path, result in zip(demo_files, results, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "cp1252"
        assert read.rejects == []
        assert read.data_rows == path.read_bytes().count(b"\r\n") - 1
        assert result.rows_quarantined == demo.IMPOSSIBLE_DATE_ROWS
        assert result.rows_loaded == read.data_rows - demo.IMPOSSIBLE_DATE_ROWS


def test_impossible_dates_are_quarantined(loaded) -> None:
    con, _ = loaded
    reasons = con.execute(
        "select reason from raw.quarantine where source = 'emergencias_eventos'"
    ).fetchall()
    assert sorted(r[0] for r in reasons) == [
        f"FECHA: «30/02/{year}» no es una fecha dd/mm/aaaa"
        for year in DEMO_YEARS
        for _ in range(demo.IMPOSSIBLE_DATE_ROWS)
    ]


def test_noise_is_present(loaded) -> None:
    con, _ = loaded
    drills = con.execute("select count(*) from raw.emergencias_eventos where is_simulacro")
    assert drills.fetchone()[0] == len(demo.DRILLS_HUASCO) * len(DEMO_YEARS)  # each year
    not_emergencies = con.execute(
        "select count(*) from raw.emergencias_eventos where clave in ('10-9', '10-12')"
    ).fetchone()[0]
    assert not_emergencies == sum(demo.NOT_EMERGENCIES_HUASCO.values()) * len(DEMO_YEARS)
    comunas = {
        row[0]
        for row in con.execute("select distinct comuna from raw.emergencias_eventos").fetchall()
    }
    assert {"COPIAPO", "Copiapó", "Chanaral"} <= comunas  # other provinces, several spellings


def test_counted_events_give_the_published_figures(loaded) -> None:
    con, _ = loaded
    per_year = dict(
        con.execute(f"select year(fecha_evento), count(*) from ({COUNTED}) group by 1").fetchall()
    )
    assert per_year[2020] == text_figure(demo.TOTAL_FIGURE, 2020)
    assert per_year[2019] == demo.huasco_previous_total(2020)
    assert per_year[2021] > 0  # invented
    increase = round(100 * (per_year[2020] - per_year[2019]) / per_year[2019])
    assert increase == text_figure(demo.INCREASE_FIGURE, 2020)
    deaths = con.execute(
        f"select sum(fallecidos) from ({COUNTED}) where year(fecha_evento) = 2020 "
        "and clave = '10-4'"
    ).fetchone()[0]
    assert deaths == text_figure(demo.DEATHS_FIGURE, 2020)
    reports = con.execute(
        """
        select count(*) from raw.emergencias_eventos
        where year(fecha_evento) = 2020 and not is_simulacro
            and clave in (select clave from codes where is_emergencia)
            and lower(strip_accents(comuna))
                in ('vallenar', 'alto del carmen', 'freirina', 'huasco')
        """
    ).fetchone()[0]
    assert reports > per_year[2020]  # the same event reported twice


def test_scale_grows_other_provinces_only() -> None:
    def huasco(events: list[dict], year: int) -> int:
        return sum(
            1 for e in events if e["comuna"] in demo.HUASCO_COMUNAS and e["day"].year == year
        )

    for year in DEMO_YEARS:
        small, large = demo.events(1, year), demo.events(2, year)
        assert huasco(large, year) == huasco(small, year)
        assert len(large) - huasco(large, year) == 2 * (len(small) - huasco(small, year))


def test_a_crowded_comuna_and_code_still_finds_a_slot() -> None:
    """Events of one comuna and code are kept 90 minutes apart while the year has room (at
    most 16 a day); once it has none, the generator still ends (the events take any minute)."""
    random_, taken, full = demo.rng("prueba"), {}, set()
    slots = []
    while not full:
        slots.append(demo._free_slot(random_, taken, full, 2021, "Copiapó", "10-4"))
        assert len(slots) <= demo.EVENTS_A_DAY_AT_MOST * 365 + 1
    kept_apart = slots[:-1]
    assert len(kept_apart) > demo.EVENTS_A_DAY_AT_MOST * 365 // 2
    for day in {day for day, _ in kept_apart}:
        minutes = sorted(minute for other, minute in kept_apart if other == day)
        assert all(b - a >= demo.MIN_MINUTES_BETWEEN_EVENTS for a, b in pairwise(minutes))
    more = [demo._free_slot(random_, taken, full, 2021, "Copiapó", "10-4") for _ in range(100)]
    assert len(more) == 100
