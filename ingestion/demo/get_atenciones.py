"""Demo log of the attentions given at «Gobierno en Terreno» plazas.

One row per person and service attending them, from the shared plan of plazas (see
`get_plazas`): each plaza attends its published number of different people (RUTs), some of
them by two or three services, and every service that came attends someone. Noise:
attentions typed twice, RUTs with a wrong check digit and impossible dates (attentions typed
again with a typo), services by name or acronym, other years.
"""

from __future__ import annotations

import random
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    rng,
    rut_text,
    unique_rut_bodies,
    with_impossible_date,
    with_invalid_rut,
    write_csv,
)
from ingestion.demo.get_plazas import Plaza, attention_day, plan
from ingestion.demo.get_servicios import service_label, service_names
from ingestion.sources.get_atenciones import CONTRACT as GET_ATENCIONES

SERVICES_PER_PERSON = ((1, 0.65), (2, 0.27), (3, 0.08))
DUPLICATE_SHARE = 0.01
INVALID_RUT_ROWS = 5
IMPOSSIBLE_DATE_ROWS = 2
UNRECORDED_SEX_SHARE = 0.05
FEMALE_FIRST_NAMES = frozenset(
    "María Ana Carmen Rosa Camila Francisca Valentina Daniela Javiera Constanza Fernanda "
    "Gloria Patricia Verónica Ximena Sofía Yolanda Paulina".split()
)

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"get/atenciones_gobierno_en_terreno_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, REPORT_YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    stream = "get_atenciones"  # the whole log's; a moved year has its own
    random_ = rng(stream, year) if moved_by else rng(stream)
    names = service_names()
    plazas = [plaza for plaza in plan(scale) if plaza.estado == "Realizada"]
    bodies = iter(unique_rut_bodies(random_, sum(plaza.personas for plaza in plazas)))
    records = []
    for plaza in plazas:
        for index in range(plaza.personas):
            name = person_name(random_)
            sex = "F" if name.split()[0] in FEMALE_FIRST_NAMES else "M"
            person = (next(bodies), name, sex)
            for acronym in _services_of(random_, plaza, index):
                records.append((attention_day(random_, plaza), plaza, acronym, person))
    records.sort(key=lambda record: (record[0], record[1].id_plaza))
    rows = [_row(random_, record, names) for record in records]
    in_2020 = [row for row in rows if row[1].startswith("GET-2020")]
    rows += [list(row) for row in random_.sample(rows, int(len(rows) * DUPLICATE_SHARE))]
    rows += [with_invalid_rut(random_, random_.choice(in_2020), 3) for _ in range(INVALID_RUT_ROWS)]
    rows += [
        with_impossible_date(random_.choice(in_2020), "31/06/2020")
        for _ in range(IMPOSSIBLE_DATE_ROWS)
    ]
    rows.sort(key=lambda row: (row[1], row[0][6:10], row[0][3:5], row[0][0:2]))
    numbered = [[f"{folio:,}".replace(",", "."), *row] for folio, row in enumerate(rows, start=1)]
    numbered = [row for row in numbered if int(row[2][4:8]) == file_year]  # GET-<year>-<n>
    if moved_by:
        numbered = moved_rows(numbered, moved_by)
    header = [column.header for column in GET_ATENCIONES.columns]
    write_csv(path, header, [_reorder(row) for row in numbered], encoding="utf-8-sig")
    return [path]


def _services_of(random_: random.Random, plaza: Plaza, index: int) -> list[str]:
    """The services attending one person: the first people cover every service once."""
    if index < len(plaza.servicios):
        first = plaza.servicios[index]
    else:
        first = random_.choice(plaza.servicios)
    weights = [weight for _, weight in SERVICES_PER_PERSON]
    wanted = random_.choices([count for count, _ in SERVICES_PER_PERSON], weights)[0]
    others = [s for s in plaza.servicios if s != first]
    return [first, *random_.sample(others, min(wanted - 1, len(others)))]


def _row(random_: random.Random, record: tuple, names: dict[str, str]) -> list[str]:
    """[date, plaza, service, rut, name, sex]; the folio goes first once rows are sorted."""
    day, plaza, acronym, (body, name, sex) = record
    recorded_sex = "" if random_.random() < UNRECORDED_SEX_SHARE else sex
    return [
        day.strftime("%d/%m/%Y"),
        plaza.id_plaza,
        service_label(random_, acronym, names),
        rut_text(random_, body),
        name,
        recorded_sex,
    ]


def _reorder(row: list[str]) -> list[str]:
    """[folio, date, plaza, ...] -> the header order [folio, plaza, date, ...]."""
    folio, day, plaza, *rest = row
    return [folio, plaza, day, *rest]
