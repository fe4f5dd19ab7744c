"""Demo attendance workbook of the «Con Buena Energía» workshops (Ministerio de Energía).

One row per person signed on the attendance sheet of a workshop. The Seremi shares one
workbook with every province and keeps it from one year to the next. Huasco's 2020
beneficiaries per comuna are the published ones (a beneficiary is a person, counted once,
in the comuna of their first workshop of the year); noise on top: people signed twice on
the same sheet, people who came back to a second workshop (some in another comuna),
workshops of other provinces and years, comunas written several ways, RUTs with a wrong
check digit.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    published_cells,
    rng,
    rut_text,
    unique_rut_bodies,
    with_invalid_rut,
    write_xlsx,
)
from ingestion.sources.convenio_buena_energia_asistentes import CONTRACT

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"convenios/con_buena_energia_asistencia_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

WORKSHOPS = (
    "Eficiencia energética en el hogar",
    "Uso eficiente de la leña y la calefacción",
    "Cómo leer la boleta de la luz",
    "Energía solar para el hogar",
    "Kit eficiente: ampolletas LED y buenas prácticas",
)
VENUES = {
    "Vallenar": (
        "Salón Gobernación Provincial",
        "Sede Junta de Vecinos Villa Los Olivos",
        "Centro Comunitario Torreblanca",
        "Liceo Politécnico de Vallenar",
    ),
    "Huasco": ("Sede Junta de Vecinos Huasco Bajo", "Centro Cultural de Huasco"),
    "Freirina": ("Sede Social Maitencillo", "Biblioteca Municipal de Freirina"),
    "Alto del Carmen": ("Sede Social El Tránsito", "Escuela de San Félix"),
}
SPELLINGS = {
    "Vallenar": ("Vallenar", "VALLENAR", "Vallenar "),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Copiapó": ("Copiapó", "COPIAPO", "Copiapo"),
    "Chañaral": ("Chañaral", "CHAÑARAL", "Chanaral"),
}
# Workshops of the year in each comuna of Huasco (the people come from the published table).
SESSIONS_2020 = {"Vallenar": 5, "Huasco": 2, "Alto del Carmen": 1}
# Volumes outside Huasco 2020 (not published; invented), multiplied by `scale`:
# (year, comuna) -> (people, workshops).
OTHER_WORKSHOPS = {
    (2020, "Copiapó"): (42, 4),
    (2020, "Caldera"): (12, 1),
    (2020, "Tierra Amarilla"): (9, 1),
    (2020, "Chañaral"): (11, 1),
    (2020, "Diego de Almagro"): (8, 1),
    (2019, "Vallenar"): (58, 4),
    (2019, "Huasco"): (24, 2),
    (2019, "Freirina"): (19, 2),
    (2019, "Alto del Carmen"): (13, 1),
    (2019, "Copiapó"): (50, 4),
    (2021, "Vallenar"): (31, 2),
    (2021, "Freirina"): (12, 1),
}
RETURN_SHARE = 0.2  # people who come back to a later workshop of the same comuna
CROSS_COMUNA_RETURNS = 2  # Vallenar beneficiaries who later attend a workshop in Huasco
DUPLICATED_SIGNATURES = 4
INVALID_RUT_ROWS = 2


def people_per_comuna(scale: int) -> dict[tuple[int, str], tuple[int, int]]:
    """(year, comuna) -> (people, workshops): Huasco 2020 from the report, the rest scaled."""
    targets = {
        (2020, cell["row_label"]): (
            int(float(cell["value"])),
            SESSIONS_2020.get(cell["row_label"], 1),
        )
        for cell in published_cells("convenio_buena_energia", REPORT_YEAR)
    }
    for key, (people, sessions) in OTHER_WORKSHOPS.items():
        targets[key] = (people * scale, sessions)
    return targets


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, REPORT_YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    random_ = (
        rng("convenio_buena_energia_asistentes", year)
        if moved_by
        else rng("convenio_buena_energia_asistentes")
    )
    targets = people_per_comuna(scale)
    bodies = iter(unique_rut_bodies(random_, sum(people for people, _ in targets.values())))
    records = []  # (date, comuna, venue, workshop, comuna as typed, rut body, name, phone)
    sessions_by_key = {}
    for (year, comuna), (people, session_count) in sorted(targets.items()):
        sessions = _sessions(random_, year, comuna, session_count)
        sessions_by_key[(year, comuna)] = sessions
        for _ in range(people):
            person = (next(bodies), person_name(random_), _phone(random_))
            first = random_.randrange(len(sessions))
            records.append((*sessions[first], *person))
            if first + 1 < len(sessions) and random_.random() < RETURN_SHARE:
                later = random_.randrange(first + 1, len(sessions))
                records.append((*sessions[later], *person))
    records += _cross_comuna_returns(random_, records, sessions_by_key)
    rows = [_row(random_, record) for record in records]
    rows += [list(row) for row in random_.sample(rows, DUPLICATED_SIGNATURES)]
    for template in random_.sample(rows, INVALID_RUT_ROWS):
        broken = with_invalid_rut(random_, template, 4)
        broken[5] = person_name(random_)
        rows.append(broken)
    rows.sort(key=lambda row: (row[0], row[1].strip().upper(), row[3]))
    rows = [row for row in rows if row[0].year == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in CONTRACT.columns]
    # A workbook as an office keeps it: real dates and booleans, blank cells left empty.
    write_xlsx(
        path,
        CONTRACT.sheet or "Hoja1",
        header,
        rows,
        created=datetime(2021, 3, 1),
        author="Seremi de Energía Atacama",
    )
    return [path]


def _sessions(
    random_: random.Random, year: int, comuna: str, count: int
) -> list[tuple[date, str, str, str, str]]:
    """One comuna's workshops of a year, by date: (date, comuna, venue, workshop, as typed)."""
    # Before the pandemic (February and March) and again from October.
    windows = ((date(year, 2, 3), 55), (date(year, 10, 1), 70))
    dates: set[date] = set()
    while len(dates) < count:
        # with two or more workshops, at least one falls in each window
        start, span = windows[len(dates)] if len(dates) < len(windows) else random_.choice(windows)
        day = start + timedelta(days=random_.randint(0, span))
        if day.weekday() < 5:
            dates.add(day)
    venues = VENUES.get(comuna, (f"Sede Social {comuna}", f"Biblioteca Municipal {comuna}"))
    spellings = SPELLINGS.get(comuna, (comuna,))
    return [
        (day, comuna, random_.choice(venues), random_.choice(WORKSHOPS), random_.choice(spellings))
        for day in sorted(dates)
    ]


def _cross_comuna_returns(
    random_: random.Random, records: list[tuple], sessions_by_key: dict
) -> list[tuple]:
    """Some Vallenar beneficiaries of 2020 also attend a later workshop in Huasco."""
    huasco_sessions = sessions_by_key[(2020, "Huasco")]
    last_huasco = huasco_sessions[-1][0]
    candidates = [
        record
        for record in records
        if record[1] == "Vallenar" and record[0].year == 2020 and record[0] < last_huasco
    ]
    extra = []
    for record in random_.sample(candidates, CROSS_COMUNA_RETURNS):
        later = [session for session in huasco_sessions if session[0] > record[0]]
        extra.append((*random_.choice(later), *record[5:]))
    return extra


def _phone(random_: random.Random) -> str:
    return f"+56 9 {random_.randint(1000, 9999)} {random_.randint(1000, 9999)}"


def _row(random_: random.Random, record: tuple) -> list:
    day, _comuna, venue, workshop, typed_comuna, body, name, phone = record
    delivered = random_.random() < 0.9
    certificate: object
    if random_.random() < 0.3:
        certificate = delivered  # a real TRUE/FALSE cell
    else:
        certificate = (
            random_.choice(("Sí", "SI", "si")) if delivered else random_.choice(("No", "NO"))
        )
    return [
        day,
        typed_comuna,
        venue,
        workshop,
        rut_text(random_, body),
        name,
        phone if random_.random() < 0.8 else None,
        certificate,
    ]
