"""Demo emergency log of Atacama, 2019 and 2020, as the regional emergency office exports it.

One row per report of an event. Huasco 2020 reproduces the published table (events per
Bomberos radio code, through the reference table `emergencias_tipos`), the 3 people killed
in traffic accidents, and a 2019 count that gives the printed increase (186 against 151 is
23%). Noise: the same event reported by two institutions minutes apart, the other provinces,
drills, codes that are not emergencies (10-9, 10-12), comunas written several ways, and
reports typed again with an impossible date.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ingestion.demo.common import (
    person_name,
    published_cells,
    read_seed,
    rng,
    text_figure,
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
OTHER_PROVINCES_YEAR_FACTOR = {2019: 0.9, 2020: 1.0}
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
NOT_EMERGENCIES_HUASCO_2020 = {"10-9": 9, "10-12": 4}
DRILLS_HUASCO_2020 = (
    (date(2020, 10, 15), "Vallenar", "10-0", "Simulacro de incendio en Escuela Ignacio Carrera"),
    (date(2020, 11, 5), "Huasco", "10-5", "Simulacro de derrame químico en sector portuario"),
)
DUPLICATE_SHARE = 0.08
IMPOSSIBLE_DATE_ROWS = 2
MIN_MINUTES_BETWEEN_EVENTS = 90  # same day, comuna and code: further apart than a re-report
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

DEMO_FILES = ("emergencias/bitacora_emergencias_atacama_2019_2020.csv",)


def province_of() -> dict[str, str]:
    return {row["comuna"]: row["provincia"] for row in read_seed("comunas")}


def huasco_2020_codes() -> dict[str, int]:
    """Radio code -> events, from the printed table (matched by its detail label)."""
    code_of = {
        row["detalle_emergencia"]: row["clave"]
        for row in read_seed("emergencias_tipos")
        if row["is_emergencia"] == "true"
    }
    return {code_of[c["row_label"]]: int(float(c["value"])) for c in published_cells(TABLE_ID)}


def huasco_2019_total() -> int:
    """The 2019 count that, against the 2020 one, gives the printed increase."""
    total_2020 = text_figure(TOTAL_FIGURE)
    increase = text_figure(INCREASE_FIGURE)
    total_2019 = round(total_2020 / (1 + increase / 100))
    if round((total_2020 - total_2019) * 100 / total_2019) != increase:
        raise ValueError("no 2019 count reproduces the printed increase")
    return total_2019


def _mix(random_: random.Random, total: int) -> dict[str, int]:
    codes = random_.choices(list(CODE_WEIGHTS), list(CODE_WEIGHTS.values()), k=total)
    return {code: codes.count(code) for code in CODE_WEIGHTS if codes.count(code)}


def events(scale: int) -> list[dict]:
    """Every real event (not reports): date, minute, comuna, code, deaths, injured."""
    random_ = rng("emergencias_eventos:events")
    plan: list[tuple[int, str, str, int]] = []  # (year, comuna, code, count)
    huasco = list(HUASCO_COMUNAS)
    weights = list(HUASCO_COMUNAS.values())
    for year, codes in ((2020, huasco_2020_codes()), (2019, _mix(random_, huasco_2019_total()))):
        for code, count in codes.items():
            for comuna in random_.choices(huasco, weights, k=count):
                plan.append((year, comuna, code, 1))
    for year, factor in OTHER_PROVINCES_YEAR_FACTOR.items():
        for comuna, count in OTHER_COMUNAS.items():
            for code, n in _mix(random_, round(count * factor) * scale).items():
                plan.append((year, comuna, code, n))
    taken: dict[tuple[date, str, str], list[int]] = {}
    result = []
    for year, comuna, code, count in plan:
        for _ in range(count):
            day, minute = _free_slot(random_, taken, year, comuna, code)
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
    _assign_deaths(random_, result)
    result.sort(key=lambda event: (event["day"], event["minute"], event["comuna"]))
    return result


def _free_slot(
    random_: random.Random,
    taken: dict[tuple[date, str, str], list[int]],
    year: int,
    comuna: str,
    code: str,
) -> tuple[date, int]:
    """A day and minute far enough from the other events of the same comuna and code."""
    while True:
        day = date(year, 1, 1) + timedelta(days=random_.randint(0, 364))
        minute = random_.randint(0, 24 * 60 - 1)
        used = taken.setdefault((day, comuna, code), [])
        if all(abs(minute - other) >= MIN_MINUTES_BETWEEN_EVENTS for other in used):
            used.append(minute)
            return day, minute


def _assign_deaths(random_: random.Random, result: list[dict]) -> None:
    """Huasco 2020: the published deaths over traffic accidents; elsewhere a few, invented."""
    provinces = province_of()
    huasco_traffic = [
        e
        for e in result
        if e["day"].year == 2020
        and provinces[e["comuna"]] == "Huasco"
        and e["code"] == TRAFFIC_CODE
    ]
    deaths = text_figure(DEATHS_FIGURE)
    victims = random_.sample(huasco_traffic, max(1, deaths - 1))
    for index in range(deaths):
        victims[index % len(victims)]["deaths"] += 1
    others = [
        e for e in result if provinces[e["comuna"]] != "Huasco" and e["code"] in ("10-4", "10-0")
    ]
    for event in random_.sample(others, min(6, len(others))):
        event["deaths"] = 1


def generate(out_dir: Path, scale: int = 1) -> list[Path]:
    """Write the demo log under `out_dir` (its path relative to it is DEMO_FILES[0])."""
    path = out_dir / DEMO_FILES[0]
    random_ = rng("emergencias_eventos")
    provinces = province_of()
    reports = []
    for event in events(scale):
        reports.append(_report(random_, event, provinces, event["minute"], drill=False))
        if random_.random() < DUPLICATE_SHARE:
            later = min(event["minute"] + random_.randint(3, 25), 24 * 60 - 1)
            reports.append(_report(random_, event, provinces, later, drill=False))
    for code, count in NOT_EMERGENCIES_HUASCO_2020.items():
        for _ in range(count):
            day = date(2020, 1, 1) + timedelta(days=random_.randint(0, 365))
            comuna = random_.choice(list(HUASCO_COMUNAS))
            event = {"day": day, "comuna": comuna, "code": code, "deaths": 0, "injured": 0}
            minute = random_.randint(0, 24 * 60 - 1)
            reports.append(_report(random_, event, provinces, minute, drill=False))
    for day, comuna, code, detail in DRILLS_HUASCO_2020:
        event = {"day": day, "comuna": comuna, "code": code, "deaths": 0, "injured": 0}
        report = _report(random_, event, provinces, 10 * 60, drill=True)
        report[7] = detail
        reports.append(report)
    huasco_2020 = [r for r in reports if r[0].endswith("/2020") and r[4] in HUASCO_COMUNAS]
    for _ in range(IMPOSSIBLE_DATE_ROWS):
        reports.append(with_impossible_date(random_.choice(huasco_2020), "30/02/2020"))
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
