"""Demo export of FONDES applications (Fondo Social Presidente de la República), Atacama.

One row per application, as the fund's system exports it for the region: several contests,
every province, every result. Huasco's awarded organisations and amounts of 2020 per printed
type are the published ones (the system's organisation types come from the seed
`fondes_tipos_organizacion`); noise on top: applications not awarded or withdrawn, other
provinces and years, the same application exported twice, comunas written several ways and
amounts typed as text (`$ 1.234.567`) beside numeric cells.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from ingestion.contracts import header_key
from ingestion.demo.common import (
    DEMO_YEARS,
    HUASCO_PROVINCE,
    log_year,
    moved_rows,
    published_cells,
    read_seed,
    rng,
    write_xlsx,
)
from ingestion.rut import format_rut
from ingestion.sources.fondes_proyectos import CONTRACT

LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"fondes/fondes_postulaciones_atacama_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

YEAR = 2020
COUNT_COLUMN = "N° Organización Beneficiadas"
AMOUNT_COLUMN = "Monto"
# Where Huasco's awarded organisations are (beyond one in each comuna): weights.
HUASCO_WEIGHTS = {"Vallenar": 45, "Huasco": 20, "Freirina": 20, "Alto del Carmen": 15}
HUASCO_NOT_AWARDED = 30
HUASCO_WITHDRAWN = 2
# Applications outside Huasco 2020 (not published; invented), multiplied by `scale`.
OTHER_PROVINCES_2020 = {
    "Copiapó": 44,
    "Caldera": 11,
    "Tierra Amarilla": 9,
    "Chañaral": 10,
    "Diego de Almagro": 8,
}
OTHER_YEARS_PER_COMUNA = {2019: 10, 2021: 11}
AWARDED_SHARE_ELSEWHERE = 0.5
DUPLICATED_EXPORTS = 2
TEXT_AMOUNT_SHARE = 0.3
SPELLINGS = {
    "Copiapó": ("Copiapó", "COPIAPO", "Copiapo"),
    "Chañaral": ("Chañaral", "CHAÑARAL", "Chanaral"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Huasco": ("Huasco", "HUASCO"),
}
REGION_SPELLINGS = ("Atacama", "Atacama", "ATACAMA", "Región de Atacama")
STATE_SPELLINGS = {
    "Adjudicado": ("Adjudicado", "ADJUDICADO"),
    "No adjudicado": ("No adjudicado", "No Adjudicado", "NO ADJUDICADO"),
    "Desistido": ("Desistido", "DESISTIDO"),
}
# Neighbourhood-style names that could be in any comuna (real localities would pin one).
PLACES = (
    "Villa Los Olivos",
    "Las Canteras",
    "Los Copihues",
    "El Edén",
    "Nueva Esperanza",
    "Santa Elvira",
    "Los Aromos",
    "Villa Alegre",
    "Villa El Carmen",
    "Los Jardines",
    "Las Flores",
    "El Mirador",
    "Villa Esperanza",
    "Los Pimientos",
    "Sol Naciente",
    "Renacer",
)
NAME_PATTERNS = {
    "Organización Comunitaria Funcional": "Agrupación de Mujeres Emprendedoras {place}",
    "Agrupación Social": "Agrupación Social {place}",
    "Agrupación Cultural": "Agrupación Cultural y Folclórica {place}",
    "Centro de Padres y Apoderados": "Centro General de Padres y Apoderados Escuela {place}",
    "Centro de Madres": "Centro de Madres {place}",
    "Comunidad Indígena": "Comunidad Indígena Diaguita {place}",
    "Fundación": "Fundación Manos Solidarias {place}",
    "Club Deportivo": "Club Deportivo {place}",
    "Asociación Deportiva": "Asociación de Fútbol Amateur {place}",
    "Club de Adulto Mayor": "Club de Adulto Mayor Años Dorados {place}",
    "Unión Comunal de Adultos Mayores": "Unión Comunal de Adultos Mayores {place}",
    "Junta de Vecinos": "Junta de Vecinos {place}",
    "Unión Comunal de Juntas de Vecinos": "Unión Comunal de Juntas de Vecinos {place}",
}
PROJECTS = {
    "Agrupaciones Sociales": (
        ("Implementación", "Implementación de taller de costura"),
        ("Equipamiento", "Equipamiento de sede social"),
        ("Implementación", "Implementación de cocina comunitaria"),
    ),
    "Deporte": (
        ("Implementación", "Implementación deportiva para escuela de fútbol"),
        ("Equipamiento", "Equipamiento de multicancha"),
        ("Implementación", "Indumentaria y balones para campeonato"),
    ),
    "Adultos Mayores": (
        ("Equipamiento", "Equipamiento de sede del club"),
        ("Implementación", "Implementación de taller de manualidades"),
    ),
    "Juntas de Vecinos": (
        ("Equipamiento", "Equipamiento de sede vecinal"),
        ("Implementación", "Implementación de sistema de alarmas comunitarias"),
        ("Equipamiento", "Mobiliario para sede social"),
    ),
}


def system_types() -> dict[str, tuple[str, ...]]:
    """Printed «Tipo de organización» -> the system's organisation types it groups."""
    types: dict[str, tuple[str, ...]] = {}
    for row in read_seed("fondes_tipos_organizacion"):
        grouped = types.get(row["tipo_organizacion"], ())
        types[row["tipo_organizacion"]] = (*grouped, row["tipo_organizacion_sistema"])
    return types


def awarded_targets() -> dict[str, tuple[int, int]]:
    """Printed type -> (awarded organisations, amount awarded) for Huasco 2020."""
    cells = {
        (cell["row_label"], cell["column_label"]): int(float(cell["value"]))
        for cell in published_cells("fondes_organizaciones", YEAR)
    }
    return {
        label: (count, cells[(label, AMOUNT_COLUMN)])
        for (label, column), count in cells.items()
        if column == COUNT_COLUMN
    }


def comunas_by_province() -> dict[str, list[str]]:
    provinces: dict[str, list[str]] = {}
    for row in read_seed("comunas"):
        provinces.setdefault(row["cut_provincia"], []).append(row["comuna"])
    return provinces


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the log's rows of `year` under `out_dir` (its path relative to it:
    demo_file(year)). The log of LOG_YEARS is drawn from one random stream, so each of those
    files is the same whichever years are written; a year the log does not reach holds the
    edition year's rows moved to it, drawn from a stream of its own."""
    # The rows of `file_year`; for a year the log does not reach, the edition year's, moved.
    file_year = log_year(year, LOG_YEARS, YEAR)  # loops below name their own `year`
    moved_by = year - file_year
    path = out_dir / demo_file(year)
    stream = "fondes_proyectos"  # the whole log's; a moved year has its own
    random_ = rng(stream, year) if moved_by else rng(stream)
    types = system_types()
    huasco = comunas_by_province()[HUASCO_PROVINCE]
    all_comunas = [comuna for comunas in comunas_by_province().values() for comuna in comunas]
    applications = []  # (year, comuna, printed type, state, granted or None)
    targets = awarded_targets()
    places = _huasco_awarded_comunas(random_, huasco, sum(n for n, _ in targets.values()))
    for label, (count, amount) in targets.items():
        for granted in _split(random_, amount, count):
            applications.append((YEAR, places.pop(), label, "Adjudicado", granted))
    for state, count in (("No adjudicado", HUASCO_NOT_AWARDED), ("Desistido", HUASCO_WITHDRAWN)):
        for _ in range(count):
            applications.append(_other_application(random_, YEAR, random_.choice(huasco), state))
    for comuna, count in OTHER_PROVINCES_2020.items():
        applications += [_other_application(random_, YEAR, comuna) for _ in range(count * scale)]
    for year, count in OTHER_YEARS_PER_COMUNA.items():
        for comuna in all_comunas:
            applications += [
                _other_application(random_, year, comuna) for _ in range(count * scale)
            ]
    rows = _rows(random_, applications, types)
    huasco_keys = {header_key(comuna) for comuna in huasco}
    awarded_here = [
        row
        for row in rows
        if row[1] == YEAR
        and header_key(row[3]) in huasco_keys
        and header_key(row[11]) == "ADJUDICADO"
    ]
    twice = [random_.choice(awarded_here), *random_.sample(rows, DUPLICATED_EXPORTS - 1)]
    for row in twice:
        rows.insert(rows.index(row) + 1, list(row))
    rows = [row for row in rows if row[1] == file_year]
    if moved_by:
        rows = moved_rows(rows, moved_by, (1,))
    header = [column.header for column in CONTRACT.columns]
    # The system's export: numbers as numeric cells (amounts with thousands), text as text.
    write_xlsx(
        path,
        CONTRACT.sheet or "Hoja1",
        header,
        rows,
        created=datetime(2021, 4, 5),
        author="Fondo Social",
        number_formats={9: "#,##0", 10: "#,##0"},
    )
    return [path]


def _huasco_awarded_comunas(random_: random.Random, huasco: list[str], count: int) -> list[str]:
    """One awarded organisation in every comuna of the province at least, the rest weighted."""
    names = list(HUASCO_WEIGHTS)
    chosen = list(huasco) + random_.choices(
        names, weights=[HUASCO_WEIGHTS[n] for n in names], k=count - len(huasco)
    )
    random_.shuffle(chosen)
    return chosen


def _split(random_: random.Random, amount: int, parts: int) -> list[int]:
    """`amount` pesos in `parts` positive whole amounts that add up exactly."""
    weights = [random_.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [int(amount * weight / sum(weights)) for weight in weights]
    shares[-1] += amount - sum(shares)
    return shares


def _other_application(
    random_: random.Random, year: int, comuna: str, state: str | None = None
) -> tuple[int, str, str, str, int | None]:
    label = random_.choice(list(PROJECTS))
    if state is None:
        state = "Adjudicado" if random_.random() < AWARDED_SHARE_ELSEWHERE else "No adjudicado"
    granted = random_.randrange(400_000, 3_500_000, 1_000) if state != "No adjudicado" else None
    return (year, comuna, label, state, granted)


def _rows(random_: random.Random, applications: list[tuple], types: dict) -> list[list]:
    bodies = random_.sample(range(65_000_000, 65_999_999), len(applications))
    rows = []
    applications = sorted(applications, key=lambda application: application[0])
    sequence: dict[int, int] = {}
    for (year, comuna, label, state, granted), body in zip(applications, bodies, strict=True):
        sequence[year] = sequence.get(year, 0) + 1
        system_type = random_.choice(types[label])
        line, project = random_.choice(PROJECTS[label])
        requested = _requested(random_, granted)
        rows.append(
            [
                f"FONDES-{year}-03-{sequence[year]:04d}",
                year,
                random_.choice(REGION_SPELLINGS),
                random_.choice(SPELLINGS.get(comuna, (comuna,))),
                format_rut(body),
                NAME_PATTERNS[system_type].format(place=random_.choice(PLACES)),
                system_type,
                project,
                line if random_.random() < 0.9 else line.upper(),
                _money(random_, requested),
                None if granted is None else _money(random_, granted),
                random_.choice(STATE_SPELLINGS[state]),
            ]
        )
    return rows


def _requested(random_: random.Random, granted: int | None) -> int:
    if granted is None:
        return random_.randrange(500_000, 4_000_000, 1_000)
    return granted + random_.choice((0, 0, random_.randrange(0, max(granted // 4, 1))))


def _money(random_: random.Random, amount: int) -> int | str:
    """Most amounts are numeric cells; some were typed as text with the peso sign."""
    if random_.random() < TEXT_AMOUNT_SHARE:
        return "$ " + f"{amount:,}".replace(",", ".")
    return amount
