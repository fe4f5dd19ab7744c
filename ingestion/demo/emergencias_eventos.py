"""Demo emergency log of Atacama, one file per year, as the regional emergency office exports it.

One row per report of an event. In a year with a report edition (2020) Huasco reproduces the
published table (events per Bomberos radio code, through the reference table
`emergencias_tipos`) and the 3 people killed in traffic accidents; the year before an
edition has the count that gives the edition's printed increase (186 against 151 is 23%);
other years are invented from the nearest edition. Noise: the same event reported by two
institutions minutes apart, the other provinces, drills, codes that are not emergencies
(10-9, 10-12), comunas written several ways, and reports typed again with an impossible
date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    edition_of,
    nearest_edition_year,
    person_name,
    published_cells,
    read_seed,
    rng,
    shift_year,
    text_figure,
    varied,
    with_impossible_date,
    write_csv,
)
from ingestion.sources.emergencias_eventos import CONTRACT as EMERGENCIAS_EVENTOS

TABLE_ID = "emergencias_detalle"
TOTAL_FIGURE = "emergencias__texto__emergencias"
INCREASE_FIGURE = "emergencias__texto__aumento_vs_anio_anterior"
DEATHS_FIGURE = "emergencias__texto__personas_fallecidas_transito"
TRAFFIC_CODE = "10-4"
HUASCO_COMUNAS = {"Vallenar": 55, "Huasco": 20, "Freirina": 15, "Alto del Carmen": 10}
# Events per year in the other provinces (not published; invented), multiplied by `scale`.
OTHER_COMUNAS = {
    "Copiapó": 420,
    "Caldera": 70,
    "Tierra Amarilla": 60,
    "Chañaral": 55,
    "Diego de Almagro": 50,
}
# The other provinces grew too: the year before an edition has this share of its events.
OTHER_PROVINCES_YEAR_BEFORE = 0.9
# Mix of codes where the events are not published (weights; invented).
CODE_WEIGHTS = {
    "10-0": 16,
    "10-1": 7,
    "10-2": 22,
    "10-3": 6,
    "10-4": 38,
    "10-5": 1,
    "10-6": 9,
    "10-7": 4,
}
# Reports in Huasco each year that are not emergencies, and its drills (dates of 2020, moved
# to the year).
NOT_EMERGENCIES_HUASCO = {"10-9": 9, "10-12": 4}
DRILLS_HUASCO = (
    (date(2020, 10, 15), "Vallenar", "10-0", "Simulacro de incendio en Escuela Ignacio Carrera"),
    (date(2020, 11, 5), "Huasco", "10-5", "Simulacro de derrame químico en sector portuario"),
)
DUPLICATE_SHARE = 0.08
IMPOSSIBLE_DATE_ROWS = 2
MIN_MINUTES_BETWEEN_EVENTS = 90  # same day, comuna and code: further apart than a re-report
# Random draws of a free minute before looking for one in order (only a crowded comuna and
# code, at large scales, needs more).
MAX_DRAWS = 100
EVENTS_A_DAY_AT_MOST = 24 * 60 // MIN_MINUTES_BETWEEN_EVENTS
SPELLINGS = {
    "Copiapó": ("Copiapó", "COPIAPO", "Copiapo"),
    "Chañaral": ("Chañaral", "CHAÑARAL", "Chanaral"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Huasco": ("Huasco", "HUASCO"),
}
EVENT_TYPES = {
    "10-0": ("Incendio estructural", "INCENDIO ESTRUCTURAL", "Incendio casa habitación"),
    "10-1": ("Incendio vehicular", "Incendio de vehículo"),
    "10-2": ("Incendio forestal", "Incendio de pastizales", "INCENDIO FORESTAL"),
    "10-3": ("Rescate de personas", "Rescate"),
    "10-4": ("Rescate vehicular", "Accidente de tránsito", "ACCIDENTE DE TRANSITO"),
    "10-5": ("Materiales peligrosos", "Hazmat"),
    "10-6": ("Emanación de gases", "Fuga de gas"),
    "10-7": ("Llamado eléctrico", "Cortocircuito"),
    "10-9": ("Otros servicios", "Achique de agua", "Apoyo a la comunidad"),
    "10-12": ("Apoyo a otro cuerpo", "Apoyo otro cuerpo de bomberos"),
}
DETAILS = {
    "10-0": ("Vivienda de material ligero", "Bodega", "Local comercial", "Vivienda de adobe"),
    "10-1": ("Automóvil en la vía pública", "Camioneta en ruta", "Camión en ruta 5"),
    "10-2": ("Pastizales en ribera del río", "Matorrales en quebrada", "Basural"),
    "10-3": ("Persona atrapada", "Caída en altura", "Búsqueda en cerro"),
    "10-4": ("Colisión en Ruta 5 Norte", "Volcamiento en ruta C-46", "Atropello en zona urbana"),
    "10-5": ("Derrame de sustancia química", "Fuga de ácido en camión"),
    "10-6": ("Fuga de gas licuado en vivienda", "Olor a ácido sulfhídrico"),
    "10-7": ("Caída de tendido eléctrico", "Poste en llamas"),
    "10-9": ("Achique de vivienda", "Retiro de panal de abejas", "Apoyo a la comunidad"),
    "10-12": ("Apoyo a cuerpo vecino", "Apoyo en incendio forestal"),
}
SOURCES = ("Bomberos", "Bomberos", "Bomberos", "Carabineros", "SAMU", "Municipalidad")


def demo_file(year: int) -> str:
    return f"emergencias/bitacora_emergencias_atacama_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def province_of() -> dict[str, str]:
    return {row["comuna"]: row["provincia"] for row in read_seed("comunas")}


def huasco_codes(year: int) -> dict[str, int]:
    """Radio code -> events, from the table the edition of `year` prints (matched by its
    detail label)."""
    code_of = {
        row["detalle_emergencia"]: row["clave"]
        for row in read_seed("emergencias_tipos")
        if row["is_emergencia"] == "true"
    }
    return {
        code_of[c["row_label"]]: int(float(c["value"])) for c in published_cells(TABLE_ID, year)
    }


def huasco_previous_total(year: int) -> int:
    """The count of the year before `year` that, against the count the edition of `year`
    prints, gives its printed increase."""
    total = text_figure(TOTAL_FIGURE, year)
    increase = text_figure(INCREASE_FIGURE, year)
    previous = round(total / (1 + increase / 100))
    if round((total - previous) * 100 / previous) != increase:
        raise ValueError(f"no count of {year - 1} reproduces the increase printed for {year}")
    return previous


def huasco_year(random_: random.Random, year: int) -> tuple[dict[str, int], int]:
    """Huasco's events per code and traffic deaths in `year`: the edition's; the year before an
    edition, a mix of codes summing to the count its increase gives; otherwise invented."""
    if edition_of(year):
        return huasco_codes(year), text_figure(DEATHS_FIGURE, year)
    if edition_of(year + 1):
        return _mix(random_, huasco_previous_total(year + 1)), random_.randint(1, 5)
    template = nearest_edition_year(year)
    total = varied(text_figure(TOTAL_FIGURE, template), "emergencias_eventos:huasco", year)
    return _mix(random_, total), random_.randint(1, 5)


def _mix(random_: random.Random, total: int) -> dict[str, int]:
    codes = random_.choices(list(CODE_WEIGHTS), list(CODE_WEIGHTS.values()), k=total)
    return {code: codes.count(code) for code in CODE_WEIGHTS if codes.count(code)}


def events(scale: int, year: int) -> list[dict]:
    """Every real event of `year` (not reports): date, minute, comuna, code, deaths, injured."""
    random_ = rng("emergencias_eventos:events", year)
    plan: list[tuple[int, str, str, int]] = []  # (year, comuna, code, count)
    huasco = list(HUASCO_COMUNAS)
    weights = list(HUASCO_COMUNAS.values())
    codes, deaths = huasco_year(random_, year)
    for code, count in codes.items():
        for comuna in random_.choices(huasco, weights, k=count):
            plan.append((year, comuna, code, 1))
    factor = OTHER_PROVINCES_YEAR_BEFORE if edition_of(year + 1) and not edition_of(year) else 1
    for comuna, count in OTHER_COMUNAS.items():
        for code, n in _mix(random_, round(count * factor) * scale).items():
            plan.append((year, comuna, code, n))
    taken: dict[tuple[date, str, str], list[int]] = {}
    full: set[tuple[str, str]] = set()
    result = []
    for year, comuna, code, count in plan:
        for _ in range(count):
            day, minute = _free_slot(random_, taken, full, year, comuna, code)
            injured = random_.choice((0, 0, 1, 2, 3)) if code in ("10-4", "10-3") else 0
            result.append(
                {
                    "day": day,
                    "minute": minute,
                    "comuna": comuna,
                    "code": code,
                    "deaths": 0,
                    "injured": injured,
                }
            )
    _assign_deaths(random_, result, deaths)
    result.sort(key=lambda event: (event["day"], event["minute"], event["comuna"]))
    return result


def _free_slot(
    random_: random.Random,
    taken: dict[tuple[date, str, str], list[int]],
    full: set[tuple[str, str]],
    year: int,
    comuna: str,
    code: str,
) -> tuple[date, int]:
    """A day and minute far enough from the other events of the same comuna and code.

    Drawn at random; when `MAX_DRAWS` draws all fall too close (a crowded comuna and code),
    the free minutes are looked for from a random day on, and when the year has none left
    (beyond 16 events a day) the event takes any minute.
    """
    for _ in range(MAX_DRAWS):
        day = date(year, 1, 1) + timedelta(days=random_.randint(0, 364))
        minute = random_.randint(0, 24 * 60 - 1)
        used = taken.setdefault((day, comuna, code), [])
        if all(abs(minute - other) >= MIN_MINUTES_BETWEEN_EVENTS for other in used):
            used.append(minute)
            return day, minute
    first = random_.randint(0, 364)
    if (comuna, code) not in full:
        for offset in range(365):
            day = date(year, 1, 1) + timedelta(days=(first + offset) % 365)
            used = taken.setdefault((day, comuna, code), [])
            if len(used) >= EVENTS_A_DAY_AT_MOST:
                continue
            free = _free_minutes(sorted(used))
            if free:
                minute = random_.choice(free)
                used.append(minute)
                return day, minute
        full.add((comuna, code))  # no room left this year: stop looking
    day = date(year, 1, 1) + timedelta(days=first)
    minute = random_.randint(0, 24 * 60 - 1)
    taken.setdefault((day, comuna, code), []).append(minute)
    return day, minute


def _free_minutes(used: list[int]) -> list[int]:
    """The minutes of a day at least MIN_MINUTES_BETWEEN_EVENTS from each of `used` (sorted)."""
    gap = MIN_MINUTES_BETWEEN_EVENTS
    bounds = [-gap, *used, 24 * 60 - 1 + gap]
    return [
        minute
        for before, after in pairwise(bounds)
        for minute in range(max(0, before + gap), min(24 * 60, after - gap + 1))
    ]


def _assign_deaths(random_: random.Random, result: list[dict], deaths: int) -> None:
    """Huasco: `deaths` over traffic accidents; elsewhere a few, invented."""
    provinces = province_of()
    huasco_traffic = [
        e for e in result if provinces[e["comuna"]] == "Huasco" and e["code"] == TRAFFIC_CODE
    ]
    victims = random_.sample(huasco_traffic, max(1, deaths - 1))
    for index in range(deaths):
        victims[index % len(victims)]["deaths"] += 1
    others = [
        e for e in result if provinces[e["comuna"]] != "Huasco" and e["code"] in ("10-4", "10-0")
    ]
    for event in random_.sample(others, min(6, len(others))):
        event["deaths"] = 1


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the demo log of `year` under `out_dir` (relative path: demo_file(year))."""
    path = out_dir / demo_file(year)
    random_ = rng("emergencias_eventos", year)
    provinces = province_of()
    reports = []
    for event in events(scale, year):
        reports.append(_report(random_, event, provinces, event["minute"], drill=False))
        if random_.random() < DUPLICATE_SHARE:
            later = min(event["minute"] + random_.randint(3, 25), 24 * 60 - 1)
            reports.append(_report(random_, event, provinces, later, drill=False))
    for code, count in NOT_EMERGENCIES_HUASCO.items():
        for _ in range(count):
            day = date(year, 1, 1) + timedelta(days=random_.randint(0, 365))
            day = min(day, date(year, 12, 31))
            comuna = random_.choice(list(HUASCO_COMUNAS))
            event = {"day": day, "comuna": comuna, "code": code, "deaths": 0, "injured": 0}
            minute = random_.randint(0, 24 * 60 - 1)
            reports.append(_report(random_, event, provinces, minute, drill=False))
    for day, comuna, code, detail in DRILLS_HUASCO:
        event = {
            "day": shift_year(day, year),
            "comuna": comuna,
            "code": code,
            "deaths": 0,
            "injured": 0,
        }
        report = _report(random_, event, provinces, 10 * 60, drill=True)
        report[7] = detail
        reports.append(report)
    in_huasco = [r for r in reports if r[4] in HUASCO_COMUNAS]
    for _ in range(IMPOSSIBLE_DATE_ROWS):
        reports.append(with_impossible_date(random_.choice(in_huasco), f"30/02/{year}"))
    reports.sort(key=lambda r: (r[0][6:10], r[0][3:5], r[0][0:2], r[1]))
    numbered = []
    sequence: dict[str, int] = {}
    for report in reports:
        year = report[0][6:10]
        sequence[year] = sequence.get(year, 0) + 1
        numbered.append([f"{year}{sequence[year]:04d}", *report])
    header = [column.header for column in EMERGENCIAS_EVENTOS.columns]
    write_csv(path, header, numbered, encoding="cp1252")
    return [path]


def _report(
    random_: random.Random, event: dict, provinces: dict[str, str], minute: int, drill: bool
) -> list[str]:
    """[date, time, region, province, comuna, code, type, detail, deaths, injured, source,
    drill, informant]; the report number goes first once reports are sorted."""
    comuna = event["comuna"]
    code = event["code"]
    province = provinces[comuna] if random_.random() < 0.85 else ""
    return [
        event["day"].strftime("%d/%m/%Y"),
        f"{minute // 60:02d}:{minute % 60:02d}",
        random_.choice(("Atacama", "ATACAMA", "Región de Atacama")),
        province,
        random_.choice(SPELLINGS.get(comuna, (comuna,))),
        code,
        random_.choice(EVENT_TYPES[code]),
        random_.choice(DETAILS[code]),
        str(event["deaths"]) if event["deaths"] or random_.random() < 0.5 else "",
        str(event["injured"]) if event["injured"] or random_.random() < 0.5 else "",
        random_.choice(SOURCES),
        "Sí" if drill else "No",
        person_name(random_),
    ]
