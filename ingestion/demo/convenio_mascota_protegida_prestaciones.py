"""Demo workbook of veterinary services of the «Mascota Protegida» agreement (SUBDERE).

One row per animal attended in an operative of one of the agreement's programmes. The
programmes of each year come from the seed `convenios_mascota_protegida_programas` (the
agreements' own text) and the comunas from `comunas`: in 2020 every programme of the
agreement works in every comuna of the province of Huasco, as the report says. Volumes are
invented (the report prints none). Noise: the programmes of the 2019 and 2021 agreements,
programme names and comunas written several ways, RUTs with a wrong check digit.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    HUASCO_PROVINCE,
    log_year,
    moved_rows,
    person_name,
    read_seed,
    rng,
    rut_text,
    unique_rut_bodies,
    with_invalid_rut,
    write_xlsx,
)
from ingestion.sources.convenio_mascota_protegida_prestaciones import CONTRACT

REPORT_YEAR = 2020  # the edition the log's figures come from
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"convenios/mascota_protegida_prestaciones_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

SPELLINGS = {
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Huasco": ("Huasco", "HUASCO"),
    "Freirina": ("Freirina", "FREIRINA"),
}
SECTORS = {
    "Vallenar": ("Torreblanca", "Baquedano", "Villa Alegre", "Quinta Valle", "Domeyko"),
    "Alto del Carmen": ("El Tránsito", "San Félix", "Alto del Carmen", "Chollay"),
    "Huasco": ("Huasco Bajo", "Población 21 de Mayo", "Canto del Agua"),
    "Freirina": ("Maitencillo", "Freirina centro", "Carrizalillo"),
}
# Services of each kind of programme: a sterilisation campaign sterilises.
VETERINARY_PLAN_SERVICES = (
    ("Consulta veterinaria", 35),
    ("Vacuna antirrábica", 25),
    ("Desparasitación", 25),
    ("Implantación de microchip", 15),
)
STERILISATION_SERVICES = (("Esterilización", 1),)
# Animals attended per programme and comuna (not published; invented): base, spread.
ANIMALS_PER_PROGRAMME_AND_COMUNA = (25, 35)
AGREEMENT_MONTHS = {2019: (8, 12), 2020: (3, 12), 2021: (3, 6)}
INVALID_RUT_ROWS = 3


def programmes_by_year() -> dict[int, dict[str, tuple[str, ...]]]:
    """Year -> programme -> the ways the team writes it (the programme's own name first)."""
    programmes: dict[int, dict[str, tuple[str, ...]]] = {}
    for row in read_seed("convenios_mascota_protegida_programas"):
        names = programmes.setdefault(int(row["anio_convenio"]), {})
        spelled = names.get(row["programa"], ())
        if row["programa_registrado"] == row["programa"]:
            names[row["programa"]] = (row["programa_registrado"], *spelled)
        else:
            names[row["programa"]] = (*spelled, row["programa_registrado"])
    return programmes


def huasco_comunas() -> list[str]:
    return [
        row["comuna"] for row in read_seed("comunas") if row["cut_provincia"] == HUASCO_PROVINCE
    ]


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
        rng("convenio_mascota_protegida_prestaciones", year)
        if moved_by
        else rng("convenio_mascota_protegida_prestaciones")
    )
    comunas = huasco_comunas()
    base, spread = ANIMALS_PER_PROGRAMME_AND_COMUNA
    plan = []  # (year, programme, spellings, comuna, animals)
    for year, programmes in sorted(programmes_by_year().items()):
        for programme, spellings in sorted(programmes.items()):
            # 2020 is the reported agreement; other years reach only some comunas
            reached = comunas if year == 2020 else random_.sample(comunas, 2)
            for comuna in reached:
                animals = base + random_.randint(0, spread)
                plan.append(
                    (year, programme, spellings, comuna, animals * (scale if year != 2020 else 1))
                )
    bodies = iter(unique_rut_bodies(random_, sum(item[-1] for item in plan)))
    rows = []
    for year, programme, spellings, comuna, animals in plan:
        days = _operative_days(random_, year, animals)
        services = (
            STERILISATION_SERVICES if "Esterilización" in programme else (VETERINARY_PLAN_SERVICES)
        )
        for index in range(animals):
            rows.append(
                _row(random_, days[index % len(days)], spellings, comuna, next(bodies), services)
            )
    for template in random_.sample(rows, INVALID_RUT_ROWS):
        rows.append(with_invalid_rut(random_, template, 4))
    rows.sort(key=lambda row: (row[0], row[2].upper(), row[1].upper()))
    rows = [row for row in rows if row[0].year == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by)
    header = [column.header for column in CONTRACT.columns]
    # A workbook as the team keeps it: real dates, text elsewhere.
    write_xlsx(
        path,
        CONTRACT.sheet or "Hoja1",
        header,
        rows,
        created=datetime(2021, 7, 1),
        author="Gobernación Provincial de Huasco",
    )
    return [path]


def _operative_days(random_: random.Random, year: int, animals: int) -> list[date]:
    """The days of the operatives: about twenty animals a day."""
    first_month, last_month = AGREEMENT_MONTHS[year]
    start = date(year, first_month, 1)
    end = date(year, last_month, 28)
    count = max(1, animals // 20)
    return sorted(
        start + timedelta(days=random_.randint(0, (end - start).days)) for _ in range(count)
    )


def _row(
    random_: random.Random,
    day: date,
    spellings: tuple[str, ...],
    comuna: str,
    body: int,
    services: tuple[tuple[str, int], ...],
) -> list:
    names, weights = zip(*services, strict=True)
    programme = spellings[0] if random_.random() < 0.8 else random_.choice(spellings)
    return [
        day,
        programme.upper() if random_.random() < 0.05 else programme,
        random_.choice(SPELLINGS[comuna]),
        random_.choice(SECTORS[comuna]),
        rut_text(random_, body),
        person_name(random_),
        random_.choice(("Canino", "Canino", "Felino")),
        random_.choice(("Hembra", "Macho")),
        random_.choices(names, weights=weights)[0],
    ]
