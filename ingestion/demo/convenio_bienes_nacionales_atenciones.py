"""Demo attention log of the Bienes Nacionales desk at the governorate (convenio with the Seremi).

One row per attention, numbered, kept as `;` CSV in Windows-1252. Huasco's attentions per
comuna in November and December 2020 are the published ones; noise on top: the trial
months before (September, October 2020) and the attentions of 2021, attentions copied
twice (same N° ATENCIÓN), comunas written several ways and an impossible date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    published_cells,
    rng,
    write_csv,
    year_of_text_date,
)
from ingestion.sources.convenio_bienes_nacionales_atenciones import CONTRACT

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)  # the desk opened in September 2020: 2019 is empty


def demo_file(year: int) -> str:
    return f"convenios/atenciones_bienes_nacionales_{year}.csv"


# The printed table covers these two months.
TABLE_PERIOD = (date(2020, 11, 1), date(2020, 12, 31))
# Attentions outside the printed period (not published; invented), multiplied by `scale`:
# (first day, last day) -> attentions per comuna.
OTHER_PERIODS = {
    (date(2020, 9, 14), date(2020, 10, 30)): {
        "Vallenar": 9,
        "Huasco": 4,
        "Freirina": 3,
        "Alto del Carmen": 5,
    },
    (date(2021, 1, 4), date(2021, 6, 30)): {
        "Vallenar": 41,
        "Huasco": 18,
        "Freirina": 14,
        "Alto del Carmen": 19,
    },
}
# The desk keeps a log only from the year it opened: an empty export is not an extract.
OPENED = min(start for start, _ in OTHER_PERIODS)
DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS if year >= OPENED.year)
SPELLINGS = {
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Huasco": ("Huasco", "HUASCO", "Huasco "),
    "Freirina": ("Freirina", "FREIRINA"),
}
LOCALITIES = {
    "Vallenar": ("", "Vallenar", "Incahuasi", "Domeyko", "Cachiyuyo"),
    "Alto del Carmen": ("El Tránsito", "San Félix", "Chollay", "La Pampa"),
    "Huasco": ("", "Huasco Bajo", "Canto del Agua", "Carrizal Bajo"),
    "Freirina": ("", "Maitencillo", "Carrizalillo", "Labrar"),
}
PROCEDURES = (
    ("Regularización de terreno particular (DL 2.695)", 40),
    ("Solicitud de terreno fiscal (arriendo o concesión)", 15),
    ("Título gratuito de dominio", 15),
    ("Consulta estado de trámite", 20),
    ("Consulta general", 10),
)
# How MODALIDAD is typed (checked without case or accents), by whether it was in the field.
MODALITIES = {
    True: ("Gobierno en Terreno", "Gobierno en Terreno", "GOBIERNO EN TERRENO"),
    False: ("Oficina Gobernación", "Oficina Gobernación", "Oficina Gobernacion"),
}
DUPLICATED_ATTENTIONS = 2
IMPOSSIBLE_DATE = "31/11/2020"


def attentions_per_period(scale: int) -> dict[tuple[date, date], dict[str, int]]:
    """(first day, last day) -> attentions per comuna: Nov–Dec 2020 from the report."""
    periods = {
        TABLE_PERIOD: {
            cell["row_label"]: int(float(cell["value"]))
            for cell in published_cells("convenio_bienes_nacionales", REPORT_YEAR)
        }
    }
    for period, counts in OTHER_PERIODS.items():
        periods[period] = {comuna: count * scale for comuna, count in counts.items()}
    return periods


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
        rng("convenio_bienes_nacionales_atenciones", year)
        if moved_by
        else rng("convenio_bienes_nacionales_atenciones")
    )
    records = []
    for (start, end), counts in attentions_per_period(scale).items():
        for comuna, count in sorted(counts.items()):
            for _ in range(count):
                records.append((_working_day(random_, start, end), comuna))
    records.sort(key=lambda record: record[0])
    rows = [_row(random_, number, record) for number, record in enumerate(records, start=1)]
    for template in random_.sample(rows, DUPLICATED_ATTENTIONS):
        rows.insert(rows.index(template) + 1, list(template))
    november = [row for row in rows if row[1].endswith("/11/2020")]
    late = random_.choice(november)
    rows.insert(rows.index(late) + 1, [str(len(records) + 1), IMPOSSIBLE_DATE, *late[2:]])
    rows = [row for row in rows if year_of_text_date(row[1]) == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in CONTRACT.columns]
    write_csv(path, header, rows, encoding="cp1252")
    return [path]


def _working_day(random_: random.Random, start: date, end: date) -> date:
    while True:
        day = start + timedelta(days=random_.randint(0, (end - start).days))
        if day.weekday() < 5:
            return day


def _row(random_: random.Random, number: int, record: tuple[date, str]) -> list[str]:
    day, comuna = record
    in_the_field = comuna != "Vallenar" and random_.random() < 0.7
    procedures, weights = zip(*PROCEDURES, strict=True)
    return [
        str(number),
        day.strftime("%d/%m/%Y"),
        random_.choice(SPELLINGS[comuna]),
        random_.choice(LOCALITIES[comuna]),
        random_.choice(MODALITIES[in_the_field]),
        random_.choices(procedures, weights=weights)[0],
        person_name(random_),
    ]
