"""Demo activity log of the provincial social protection programme (COTEP), 2019 to 2021.

One row per activity, as the provincial coordinator keeps it in a spreadsheet. Huasco 2020
reproduces the text of the report: activities in the three areas, more than 5000 people
informed (radio, Gobierno en Terreno stands, office), more than 10 coordination meetings
and two regional training instances (one of them in two sessions). The margins over the
«más de» figures are invented. Noise: other years, suspended activities, an activity
written twice, area names in capitals or without accents.
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
    rng,
    spelling,
    text_figure,
    write_xlsx,
)
from ingestion.sources.proteccion_social_actividades import CONTRACT as ACTIVIDADES

PEOPLE_FIGURE = "proteccion_social__texto__personas_informadas"
MEETINGS_FIGURE = "proteccion_social__texto__reuniones_coordinacion"
TRAINING_FIGURE = "proteccion_social__texto__instancias_capacitacion"
AREAS_FIGURE = "proteccion_social__texto__areas"
PEOPLE_MARGIN = 1.06  # «más de 5000»: the log holds 6% more (invented)
EXTRA_MEETINGS = 4  # «más de 10»: the log holds 14 (invented)
COMUNAS = ("Vallenar", "Alto del Carmen", "Freirina", "Huasco")
RADIO = ("Radio Nostálgica", "Radio Estrella del Norte", "Radio Profeta")
MEETINGS = (
    ("Reunión CTA", "Subcomité de Protección Social del CTA", "Provincial"),
    ("Reunión COTEP", "COTEP Salud Municipal", "Provincial"),
    ("Reunión COTEP", "COTEP Protección Social", "Provincial"),
    ("Mesa técnica", "Mesa técnica personas en situación de calle", "Local"),
)
TRAININGS = (
    ("Capacitación Registro Social de Hogares (Seremi de Desarrollo Social)", 2),
    ("Capacitación Ingreso Familiar de Emergencia", 1),
    ("Capacitación Red Clase Media Protegida", 1),
    ("Capacitación Subsistema Seguridades y Oportunidades", 1),
)

# Share of the people informed that each kind of dissemination reaches (invented).
WEIGHTS = {"Difusión radial": 8, "Atención en Gobierno en Terreno": 2, "Atención en oficina": 1}

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"proteccion_social/actividades_proteccion_social_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def _day(random_: random.Random, year: int, first_month: int = 1, last_month: int = 12) -> date:
    start = date(year, first_month, 1)
    end = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
    return start + timedelta(days=random_.randint(0, (end - start).days))


def activities(random_: random.Random, year: int, people: int, meetings: int, trainings: int):
    """(date, area, type, instance, level, modality, comuna, people, state) of one year."""
    records = []
    # Difusión: a radio spot and the office attention each month, stands at some GET plazas.
    shares = []
    for month in range(3, 13):
        day = _day(random_, year, month, month)
        shares.append((day, "Difusión radial", random_.choice(RADIO), "Provincial", "Remota", ""))
        if month in (3, 7, 10, 12):
            comuna = random_.choice(COMUNAS)
            stand = ("Atención en Gobierno en Terreno", f"GET {comuna}", "Local", "Presencial")
            shares.append((day, *stand, comuna))
        office = ("Atención en oficina", "Oficina de Protección Social", "Provincial", "Presencial")
        shares.append((date(year, month, 1), *office, "Vallenar"))
    weights = [WEIGHTS[share[1]] for share in shares]
    counts = [people * weight // sum(weights) for weight in weights]
    counts[0] += people - sum(counts)
    for (day, kind, instance, level, modality, comuna), count in zip(shares, counts, strict=True):
        records.append(
            (day, "Difusión", kind, instance, level, modality, comuna, count, "Realizada")
        )
    # Coordinación: meetings of the CTA, COTEP and technical tables, on different days.
    offsets = sorted(random_.sample(range(365), meetings))
    for index, offset in enumerate(offsets):
        kind, instance, level = MEETINGS[index % len(MEETINGS)]
        modality = "Remota" if index % 3 else "Presencial"
        day = date(year, 1, 1) + timedelta(days=offset)
        attendees = random_.randint(6, 25)
        records.append(
            (day, "Coordinación", kind, instance, level, modality, "", attendees, "Realizada")
        )
    # Capacitación: regional, remote instances; some have more than one session.
    for instance, sessions in TRAININGS[:trainings]:
        first = _day(random_, year, 4, 10)
        for session in range(sessions):
            day = first + timedelta(days=7 * session)
            attendees = random_.randint(15, 40)
            records.append(
                (
                    day,
                    "Capacitación",
                    "Capacitación",
                    instance,
                    "Regional",
                    "Remota",
                    "",
                    attendees,
                    "Realizada",
                )
            )
    return records


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
        rng("proteccion_social_actividades", year)
        if moved_by
        else rng("proteccion_social_actividades")
    )
    if text_figure(AREAS_FIGURE, REPORT_YEAR) != 3:
        raise ValueError("the demo log is built for the three areas of the report")
    records = activities(
        random_,
        2020,
        people=int(text_figure(PEOPLE_FIGURE, REPORT_YEAR) * PEOPLE_MARGIN),
        meetings=text_figure(MEETINGS_FIGURE, REPORT_YEAR) + EXTRA_MEETINGS,
        trainings=text_figure(TRAINING_FIGURE, REPORT_YEAR),
    )
    meeting = ("Coordinación", "Reunión COTEP", "COTEP Salud Municipal", "Provincial")
    records.append((date(2020, 3, 19), *meeting, "Presencial", "Vallenar", 0, "Suspendida"))
    records.append(random_.choice([r for r in records if r[1] == "Coordinación"]))  # twice
    for year, months in ((2019, (1, 12)), (2021, (1, 3))):
        for _ in range(scale):
            for record in activities(random_, year, people=3_000, meetings=12, trainings=3):
                if months[0] <= record[0].month <= months[1]:
                    records.append(record)
    records.sort(key=lambda record: (record[0], record[1], record[3]))
    rows = [_row(random_, record) for record in records]
    rows = [row for row in rows if row[0].year == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in ACTIVIDADES.columns]
    write_xlsx(
        path,
        ACTIVIDADES.sheet or "Actividades",
        header,
        rows,
        created=datetime(2021, 1, 4, 9, 0, 0),
        column_width=18,
    )
    return [path]


def _row(random_: random.Random, record: tuple) -> list[object]:
    day, area, kind, instance, level, modality, comuna, people, state = record
    return [
        day,
        spelling(random_, area),
        kind,
        instance,
        level,
        modality,
        comuna,
        people,
        state,
        person_name(random_),
    ]
