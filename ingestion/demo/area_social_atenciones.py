"""Demo attention log of the social area of the Gobernación Provincial de Huasco, 2019-2021.

One row per attention (orientation, issuance of an RSH cartola, other query), exported as
`;` text from the office's spreadsheet. The people attended in 2020 are a few more than the
published «más de 2000 personas» (read from the published figures); most come more than
once. Noise on top: attentions typed twice, other years, comunas, types and channels
written several ways, impossible dates and RUTs with a wrong check digit.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    rng,
    rut_text,
    text_figure,
    unique_rut_bodies,
    weekday_between,
    with_impossible_date,
    with_invalid_rut,
    write_csv,
    year_of_text_date,
)
from ingestion.sources.area_social_atenciones import CONTRACT as AREA_SOCIAL_ATENCIONES

LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"area_social/atenciones_area_social_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

PEOPLE_FIGURE = "orasmi__texto__personas_area_social"
YEAR = 2020
# People attended in 2020 beyond the published threshold (not published; invented).
PEOPLE_ABOVE_THRESHOLD = 137
# People attended in the other years of the log (invented; multiplied by `scale`); part of
# them also came in 2020.
OTHER_YEARS = {
    2019: (date(2019, 1, 2), date(2019, 12, 30), 1_900),
    2021: (date(2021, 1, 4), date(2021, 3, 31), 520),
}
RETURNING_SHARE = 0.35
VISITS_PER_PERSON = {1: 55, 2: 25, 3: 12, 4: 5, 5: 3}
TYPES = {
    "Emisión de cartola RSH": (
        45,
        ("Emisión de cartola RSH", "EMISION DE CARTOLA RSH", "Emision de cartola RSH"),
    ),
    "Orientación": (40, ("Orientación", "ORIENTACION", "Orientacion")),
    "Otra consulta": (15, ("Otra consulta", "OTRA CONSULTA")),
}
CHANNEL_SPELLINGS = {
    "Presencial": ("Presencial", "PRESENCIAL"),
    "Telefónica": ("Telefónica", "Telefonica", "TELEFONICA"),
    "Correo electrónico": ("Correo electrónico", "Correo electronico"),
}
USUAL_CHANNELS = {"Presencial": 65, "Telefónica": 27, "Correo electrónico": 8}
# From April to August 2020 the office mostly attended by phone and e-mail.
LOCKDOWN = (date(2020, 4, 1), date(2020, 8, 31))
LOCKDOWN_CHANNELS = {"Presencial": 25, "Telefónica": 55, "Correo electrónico": 20}
COMUNAS = {
    "Vallenar": 62,
    "Huasco": 13,
    "Freirina": 11,
    "Alto del Carmen": 10,
    "Copiapó": 2,
    "Caldera": 1,
    "Tierra Amarilla": 1,
}
COMUNA_SPELLINGS = {
    "Vallenar": ("Vallenar", "VALLENAR", "vallenar"),
    "Huasco": ("Huasco", "HUASCO"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Copiapó": ("Copiapó", "Copiapo"),
}
STAFF = ("Paola Ardiles", "Rodrigo Campusano", "Marcela Cisternas", "Luis Olivares")
NOTES = (
    "",
    "",
    "",
    "Solicita cartola para postulación a subsidio",
    "Consulta por bono de emergencia",
    "Orientación sobre fondo ORASMI",
    "Actualización de domicilio en el RSH",
    "Deriva a municipalidad",
    "Vive con su hija; solicita apoyo en pañales",
)
DUPLICATE_SHARE = 0.004
INVALID_RUT_ROWS = 8
IMPOSSIBLE_DATE_ROWS = 2


def people_in_year(scale: int = 1) -> dict[int, int]:
    """People attended per year: 2020 from the published threshold, the rest invented."""
    people = {year: count * scale for year, (_, _, count) in OTHER_YEARS.items()}
    people[YEAR] = text_figure(PEOPLE_FIGURE, YEAR) + PEOPLE_ABOVE_THRESHOLD
    return dict(sorted(people.items()))


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    stream = "area_social_atenciones"  # the whole log's; a moved year has its own
    random_ = rng(stream, year) if moved_by else rng(stream)
    counts = people_in_year(scale)
    bodies = iter(unique_rut_bodies(random_, sum(counts.values())))
    windows = {year: (start, end) for year, (start, end, _) in OTHER_YEARS.items()}
    windows[YEAR] = (date(YEAR, 1, 2), date(YEAR, 12, 30))
    seen: list[tuple] = []
    attentions = []
    for year, count in counts.items():
        returning = random_.sample(seen, min(len(seen), int(count * RETURNING_SHARE)))
        new = [_person(random_, next(bodies)) for _ in range(count - len(returning))]
        seen += new
        for person in returning + new:
            visits = random_.choices(list(VISITS_PER_PERSON), list(VISITS_PER_PERSON.values()))[0]
            days = {weekday_between(random_, *windows[year]) for _ in range(visits)}
            attentions += [(day, person) for day in sorted(days)]
    attentions.sort(key=lambda attention: attention[0])
    rows = [_row(random_, day, person) for day, person in attentions]
    rows += [list(row) for row in random_.sample(rows, int(len(rows) * DUPLICATE_SHARE))]
    rows += [with_invalid_rut(random_, random_.choice(rows), 3) for _ in range(INVALID_RUT_ROWS)]
    rows += [
        with_impossible_date(random_.choice(rows), "31/06/2020")
        for _ in range(IMPOSSIBLE_DATE_ROWS)
    ]
    rows.sort(key=lambda row: (row[0][6:10], row[0][3:5], row[0][0:2]))
    numbered = [[str(folio), *row] for folio, row in enumerate(rows, start=1)]
    numbered = [row for row in numbered if year_of_text_date(row[1]) == file_year]
    if moved_by:
        numbered = moved_rows(numbered, moved_by)
    header = [column.header for column in AREA_SOCIAL_ATENCIONES.columns]
    write_csv(path, header, numbered, encoding="utf-8-sig")
    return [path]


def _person(random_: random.Random, body: int) -> tuple:
    comuna = random_.choices(list(COMUNAS), weights=list(COMUNAS.values()))[0]
    sex = random_.choices(("F", "M"), weights=(64, 36))[0]
    return body, person_name(random_), sex, comuna


def _row(random_: random.Random, day: date, person: tuple) -> list[str]:
    body, name, sex, comuna = person
    kind = random_.choices(list(TYPES), weights=[weight for weight, _ in TYPES.values()])[0]
    channels = LOCKDOWN_CHANNELS if LOCKDOWN[0] <= day <= LOCKDOWN[1] else USUAL_CHANNELS
    channel = random_.choices(list(channels), weights=list(channels.values()))[0]
    if random_.random() < 0.2:
        sex = {"F": "Femenino", "M": "Masculino"}[sex]
    return [
        day.strftime("%d/%m/%Y"),
        random_.choice(TYPES[kind][1]),
        random_.choice(CHANNEL_SPELLINGS[channel]),
        rut_text(random_, body),
        name,
        sex,
        random_.choice(COMUNA_SPELLINGS.get(comuna, (comuna,))),
        random_.choice(STAFF),
        random_.choice(NOTES),
    ]
