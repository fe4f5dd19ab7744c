"""Demo sheet of the public services convened to each «Gobierno en Terreno» plaza.

One row per service and plaza, from the shared plan of plazas (see `get_plazas`): the
services that came (ASISTIÓ Sí) give the published count per plaza and, over 2020, the
18 distinct services of the text. Noise: services that confirmed and did not come, one
service written twice in a plaza (by name and by acronym), names in capitals or without
accents, services of suspended plazas and of other years.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    person_name,
    read_seed,
    rng,
    spelling,
    write_xlsx,
)
from ingestion.demo.get_plazas import plan
from ingestion.sources.get_servicios import CONTRACT as GET_SERVICIOS

# The 2020 plaza (by locality) where one service was written twice, by name and by acronym.
WRITTEN_TWICE_AT = "Carrizal Bajo"

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"get/servicios_participantes_get_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def service_names() -> dict[str, str]:
    return {row["sigla"]: row["servicio"] for row in read_seed("get_servicios_publicos")}


def service_label(random_: random.Random, acronym: str, names: dict[str, str]) -> str:
    """A service as offices write it: by acronym or by name, sometimes in capitals."""
    if random_.random() < 0.4:
        return acronym
    return spelling(random_, names[acronym])


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, REPORT_YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    stream = "get_servicios"  # the whole log's; a moved year has its own
    random_ = rng(stream, year) if moved_by else rng(stream)
    names = service_names()
    rows: list[list[object]] = []
    for plaza in plan(scale):
        convened = [(s, True) for s in plaza.servicios] + [(s, False) for s in plaza.ausentes]
        convened.sort(key=lambda item: list(names).index(item[0]))
        labels = {}
        for acronym, came in convened:
            labels[acronym] = service_label(random_, acronym, names)
            rows.append(
                [
                    plaza.id_plaza,
                    labels[acronym],
                    "Sí" if came else "No",
                    random_.randint(1, 3) if came else None,
                    person_name(random_),
                ]
            )
        if plaza.localidad == WRITTEN_TWICE_AT and plaza.fecha.year == 2020:
            # the first service written again: by acronym if it was by name, and vice versa
            acronym = plaza.servicios[0]
            again = names[acronym].upper() if labels[acronym] == acronym else acronym
            rows.append([plaza.id_plaza, again, "Sí", 2, person_name(random_)])
    rows = [row for row in rows if int(row[0][4:8]) == file_year]  # GET-<year>-<n>
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in GET_SERVICIOS.columns]
    write_xlsx(
        path,
        GET_SERVICIOS.sheet or "Servicios",
        header,
        rows,
        created=datetime(2021, 1, 4, 9, 0, 0),
        column_width=18,
    )
    return [path]
