"""Demo log of «Gobierno en Terreno» plazas, 2019 to early 2021, as the office keeps it.

The plan of plazas built here is shared by the three GET generators (plazas, services
taking part, attentions): Huasco 2020 comes from the published table (one plaza per printed
row; «(Virtual)» in the label means a virtual plaza) and from the text (18 distinct public
services in all); the other years are invented and grow with `scale`. Noise: plazas of
other years, a plaza suspended by the COVID-19 contingency, a plaza copied twice, places
written with and without accents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    published_cells,
    read_seed,
    rng,
    spelling,
    text_figure,
    write_xlsx,
)
from ingestion.sources.get_plazas import CONTRACT as GET_PLAZAS

TABLE_ID = "get_plazas"
SERVICES_COLUMN = "Nº de servicios participantes"
PEOPLE_COLUMN = "Nº de personas atendidas"
VIRTUAL_SUFFIX = " (Virtual)"
DISTINCT_SERVICES_FIGURE = "get__texto__servicios_publicos"
# Days of the 2020 plazas, in the order the report prints them (invented, chronological).
DAYS_2020 = (
    date(2020, 1, 24),
    date(2020, 2, 14),
    date(2020, 3, 6),
    date(2020, 7, 22),
    date(2020, 9, 11),
    date(2020, 10, 2),
    date(2020, 10, 23),
    date(2020, 11, 13),
    date(2020, 12, 4),
    date(2020, 12, 18),
)
SUSPENDED_2020 = (date(2020, 3, 27), "Alto del Carmen")
# Plazas of other years (not published; invented): (day, locality, services, people).
PLAZAS_2019 = (
    (date(2019, 3, 15), "Huasco Bajo", 8, 120),
    (date(2019, 4, 12), "Domeyko", 10, 160),
    (date(2019, 5, 10), "Alto del Carmen", 9, 140),
    (date(2019, 6, 14), "Los Bronces", 6, 70),
    (date(2019, 8, 9), "Vallenar", 12, 240),
    (date(2019, 8, 30), "Canto del Agua", 5, 60),
    (date(2019, 9, 27), "San Félix", 8, 110),
    (date(2019, 10, 18), "Freirina", 9, 150),
    (date(2019, 11, 8), "Cachiyuyo", 4, 45),
    (date(2019, 11, 29), "Huasco", 10, 180),
    (date(2019, 12, 13), "Incahuasi", 4, 40),
)
PLAZAS_2021 = (
    (date(2021, 2, 19), "Caleta Los Burros", 3, 35),
    (date(2021, 3, 12), "Vallenar", 1, 55, "Virtual"),
)
ABSENT_AT = {"Carrizal Bajo": 1, "El Tránsito": 1, "Vallenar (2019)": 2}
VENUES = ("Escuela", "Sede social", "Plaza de", "Gimnasio municipal de")

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"get/plazas_gobierno_en_terreno_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


@dataclass(frozen=True)
class Plaza:
    id_plaza: str
    fecha: date
    comuna: str
    localidad: str
    modalidad: str  # Presencial or Virtual
    estado: str  # Realizada or Suspendida
    personas: int  # people attended
    servicios: tuple[str, ...]  # acronyms of the services that came
    ausentes: tuple[str, ...]  # services that confirmed and did not come


def comuna_of_locality() -> dict[str, str]:
    comunas = {row["cut_comuna"]: row["comuna"] for row in read_seed("comunas")}
    return {row["localidad"]: comunas[row["cut_comuna"]] for row in read_seed("get_localidades")}


def service_acronyms() -> list[str]:
    return [row["sigla"] for row in read_seed("get_servicios_publicos")]


def published_plazas() -> list[tuple[str, str, int, int]]:
    """(locality, modality, services, people) per printed row, in printed order."""
    rows: dict[str, dict[str, int]] = {}
    order: dict[str, int] = {}
    for cell in published_cells(TABLE_ID, REPORT_YEAR):
        rows.setdefault(cell["row_label"], {})[cell["column_label"]] = int(float(cell["value"]))
        order[cell["row_label"]] = int(cell["row_order"])
    plazas = []
    for label in sorted(rows, key=order.__getitem__):
        virtual = label.endswith(VIRTUAL_SUFFIX)
        locality = label.removesuffix(VIRTUAL_SUFFIX)
        values = rows[label]
        plazas.append(
            (
                locality,
                "Virtual" if virtual else "Presencial",
                values[SERVICES_COLUMN],
                values[PEOPLE_COLUMN],
            )
        )
    return plazas


def _services_2020(random_: random.Random, counts: list[int], distinct: int) -> list[list[str]]:
    """Services per plaza: `counts[i]` each, `distinct` different ones over the year."""
    pool = service_acronyms()[:distinct]
    used: list[str] = []
    chosen: list[list[str] | None] = [None] * len(counts)
    for index in sorted(range(len(counts)), key=lambda i: (-counts[i], i)):
        count = counts[index]
        fresh = [s for s in pool if s not in used][: min(count, distinct - len(used))]
        repeated = random_.sample(used, count - len(fresh)) if count > len(fresh) else []
        chosen[index] = sorted(fresh + repeated, key=pool.index)
        used += fresh
    if len(used) != distinct:
        raise ValueError(f"the 2020 plazas cannot hold {distinct} distinct services")
    return [services for services in chosen if services is not None]


def plan(scale: int = 1) -> list[Plaza]:
    """Every plaza of the log, in date order, with its services and people attended."""
    random_ = rng("get_plan")
    comuna_of = comuna_of_locality()
    acronyms = service_acronyms()
    published = published_plazas()
    services = _services_2020(
        random_, [row[2] for row in published], text_figure(DISTINCT_SERVICES_FIGURE, REPORT_YEAR)
    )
    extra = [s for s in acronyms if s not in {s for chosen in services for s in chosen}]
    drafts = []
    for day, (locality, modality, _, people), chosen in zip(
        DAYS_2020, published, services, strict=True
    ):
        absent = tuple(random_.sample(extra, ABSENT_AT.get(locality, 0)))
        drafts.append((day, locality, modality, "Realizada", people, tuple(chosen), absent))
    day, locality = SUSPENDED_2020
    drafts.append(
        (day, locality, "Presencial", "Suspendida", 0, (), tuple(random_.sample(acronyms, 5)))
    )
    for entry in PLAZAS_2019 + PLAZAS_2021:
        day, locality, count, people = entry[:4]
        modality = entry[4] if len(entry) > 4 else "Presencial"
        chosen = tuple(sorted(random_.sample(acronyms, count), key=acronyms.index))
        absent_count = ABSENT_AT.get(f"{locality} ({day.year})", 0)
        absent = tuple(random_.sample([s for s in acronyms if s not in chosen], absent_count))
        drafts.append((day, locality, modality, "Realizada", people * scale, chosen, absent))
    drafts.sort(key=lambda draft: draft[0])
    plazas = []
    per_year: dict[int, int] = {}
    for day, locality, modality, state, people, chosen, absent in drafts:
        per_year[day.year] = per_year.get(day.year, 0) + 1
        plazas.append(
            Plaza(
                id_plaza=f"GET-{day.year}-{per_year[day.year]:02d}",
                fecha=day,
                comuna=comuna_of[locality],
                localidad=locality,
                modalidad=modality,
                estado=state,
                personas=people,
                servicios=chosen,
                ausentes=absent,
            )
        )
    return plazas


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, REPORT_YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    stream = "get_plazas"  # the whole log's; a moved year has its own
    random_ = rng(stream, year) if moved_by else rng(stream)
    rows: list[list[object]] = []
    for plaza in plan(scale):
        rows.append(_row(random_, plaza))
        if plaza.localidad == "El Tránsito" and plaza.fecha.year == 2020:
            rows.append(_row(random_, plaza))  # pasted twice into the sheet
    rows = [row for row in rows if row[1].year == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in GET_PLAZAS.columns]
    write_xlsx(
        path,
        GET_PLAZAS.sheet or "Plazas",
        header,
        rows,
        created=datetime(2021, 1, 4, 9, 0, 0),
        column_width=18,
    )
    return [path]


def _row(random_: random.Random, plaza: Plaza) -> list[object]:
    if plaza.modalidad == "Virtual":
        venue = "Videollamada (Zoom)"
    else:
        venue = f"{random_.choice(VENUES)} {plaza.localidad}"
    return [
        plaza.id_plaza,
        plaza.fecha,
        spelling(random_, plaza.comuna),
        spelling(random_, plaza.localidad),
        plaza.modalidad,
        plaza.estado,
        venue,
        person_name(random_),
    ]


def attention_day(random_: random.Random, plaza: Plaza) -> date:
    """Virtual plazas keep attending a few days after the call; presencial ones, that day."""
    if plaza.modalidad == "Virtual":
        return plaza.fecha + timedelta(days=random_.randint(0, 4))
    return plaza.fecha
