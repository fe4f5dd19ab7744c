"""Demo STOP export: police cases per week, comuna and crime, Atacama, one file per year.

Shaped like the real export: one row per comuna, ISO week and crime label (zeros included),
with the system's own labels, and the subtotal rows STOP interleaves («Delitos de mayor
connotación social» after the crimes of that family, «TOTAL» after each comuna's week).
Huasco's totals per crime are the published ones in a year with a report edition (2020); the
year before an edition follows its umbrales (fewer cases where the umbral says the edition's
year rose); other years and the other provinces are invented. On top: crimes the printed
table leaves out, two downloads pasted one after the other (the header repeated, the
overlapping weeks first with preliminary counts, the second part with CUT codes that lost
their leading zero), comuna names written several ways and a few weeks of other provinces
without information («s/i»). `scale` multiplies the other provinces' cases (the export's
rows are fixed: every comuna, week and crime).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    HUASCO_PROVINCE,
    edition_of,
    nearest_edition_year,
    published_cells,
    read_seed,
    rng,
)
from ingestion.sources.stop_casos import CONTRACT as STOP_CASOS

COUNT_COLUMN = "Cantidad año 2020"
UMBRAL_COLUMN = "Umbral (respecto al año 2019)"
TABLE_ID = "stop_delitos"

# STOP's labels for the printed crimes: report label -> (system label, share of its cases).
OBJECT_FROM_VEHICLE_OLD = "Robo de objetos de o desde vehículo"
OBJECT_FROM_VEHICLE_NEW = "Robo de objeto de o desde vehículo"
CASE_LABELS: dict[str, tuple[tuple[str, float], ...]] = {
    "Robo con violencia": (("Robo con violencia", 1.0),),
    "Robo con intimidación": (("Robo con intimidación", 1.0),),
    "Robo por sorpresa": (("Robo por sorpresa", 1.0),),
    "Lesiones": (
        ("Lesiones leves", 0.7),
        ("Lesiones menos graves, graves o gravísimas", 0.3),
    ),
    "Homicidios": (("Homicidios", 1.0),),
    "Violaciones": (("Violaciones", 1.0),),
    "Robo de vehículo": (("Robo de vehículo motorizado", 1.0),),
    # The label changed with a system update in July 2020 (week 27): see _system_label.
    "Robo objeto de o desde vehículo": ((OBJECT_FROM_VEHICLE_OLD, 1.0),),
    "Robo en lugar habitado": (("Robo en lugar habitado", 1.0),),
    "Robo en lugar no habitado": (("Robo en lugar no habitado", 1.0),),
    "Otros robos con fuerza": (("Otros robos con fuerza", 1.0),),
    "Hurtos": (("Hurtos", 1.0),),
}
LABEL_CHANGE = (2020, 27)
# Crimes STOP reports that the printed table leaves out: cases per 1.000 inhabitants a year.
OTHER_CRIMES = {
    "Violencia intrafamiliar": 6.0,
    "Infracción a la ley de drogas": 2.5,
    "Infracción a la ley de armas": 0.6,
}
DMCS_SUBTOTAL, TOTAL = "Delitos de mayor connotación social", "TOTAL"
SPELLINGS = {
    "Copiapó": ("COPIAPO", "Copiapo"),
    "Chañaral": ("CHAÑARAL", "Chanaral"),
    "Alto del Carmen": ("ALTO DEL CARMEN", "Alto Del Carmen"),
    "Vallenar": ("VALLENAR",),
    "Diego de Almagro": ("DIEGO DE ALMAGRO",),
    "Tierra Amarilla": ("TIERRA AMARILLA",),
}
# Two downloads pasted together: the first runs to week 31 of the year, the second from week 30.
FIRST_DOWNLOAD_LAST_WEEK = 31
SECOND_DOWNLOAD_FIRST_WEEK = 30
PRELIMINARY_SHARE = 0.8  # share of a week's cases already registered in the first download
NO_INFORMATION_ROWS = 3


def demo_file(year: int) -> str:
    return f"stop/stop_casos_atacama_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def comunas() -> list[dict[str, str]]:
    return sorted(read_seed("comunas"), key=lambda row: row["cut_comuna"])


def huasco_targets(year: int) -> dict[str, int]:
    """Report label -> Huasco's cases printed by the edition of `year` (rows only: subtotals
    are computed)."""
    return {
        cell["row_label"]: int(float(cell["value"]))
        for cell in published_cells(TABLE_ID, year)
        if cell["column_label"] == COUNT_COLUMN
    }


def published_umbrales(year: int) -> dict[str, float]:
    """Report label (subtotals too) -> umbral printed by the edition of `year`."""
    return {
        cell["row_label"]: float(cell["value"])
        for cell in published_cells(TABLE_ID, year, with_totals=True)
        if cell["column_label"] == UMBRAL_COLUMN
    }


def yearly_cases(scale: int, year: int) -> dict[tuple[int, str, str], int]:
    """(year, cut_comuna, report label) -> cases of `year`. Huasco from the year's edition;
    without one, invented from the nearest edition's, like the other provinces (which
    `scale` multiplies). Each count has its own random stream (by year, comuna and crime).
    """
    edition_year = year if edition_of(year) else nearest_edition_year(year)
    targets = huasco_targets(edition_year)
    # The year before an edition: a positive umbral means more cases in the edition's year.
    umbrales = published_umbrales(year + 1) if edition_of(year + 1) else {}
    huasco = [c for c in comunas() if c["cut_provincia"] == HUASCO_PROVINCE]
    huasco_population = sum(int(c["poblacion_censo_2017"]) for c in huasco)
    totals: dict[tuple[int, str, str], int] = {}
    for comuna in comunas():
        cut = comuna["cut_comuna"]
        population = int(comuna["poblacion_censo_2017"])
        is_huasco = comuna["cut_provincia"] == HUASCO_PROVINCE
        factor = 1 if is_huasco else scale
        for label, target in targets.items():
            if is_huasco and year == edition_year:
                continue
            trend = 1 - 0.12 * umbrales[label] if umbrales else 1.0
            noise = rng(f"stop_casos:{year}:{cut}:{label}").uniform(0.8, 1.2)
            cases = round(target / huasco_population * trend * noise * population)
            totals[(year, cut, label)] = cases * factor
        for label, per_thousand in OTHER_CRIMES.items():
            noise = rng(f"stop_casos:{year}:{cut}:{label}").uniform(0.85, 1.15)
            totals[(year, cut, label)] = round(per_thousand * population / 1000 * noise) * factor
    if year == edition_year:
        # The printed province totals, shared among its comunas by population.
        huasco_random = rng("stop_casos:huasco", year)
        for label, target in targets.items():
            shares = Counter(
                huasco_random.choices(
                    [c["cut_comuna"] for c in huasco],
                    weights=[int(c["poblacion_censo_2017"]) for c in huasco],
                    k=target,
                )
            )
            for comuna in huasco:
                totals[(year, comuna["cut_comuna"], label)] = shares[comuna["cut_comuna"]]
    return totals


def weeks_in(year: int) -> int:
    return date(year, 12, 28).isocalendar().week


def weekly_cases(scale: int, year: int) -> Counter[tuple[int, int, str, str]]:
    """(year, week, cut_comuna, system label) -> cases, each case placed in a week."""
    cases: Counter[tuple[int, int, str, str]] = Counter()
    for (_, cut, label), total in sorted(yearly_cases(scale, year).items()):
        random_ = rng(f"stop_casos:weeks:{year}:{cut}:{label}")
        weeks = random_.choices(range(1, weeks_in(year) + 1), k=total)
        for week in weeks:
            cases[(year, week, cut, _system_label(random_, label, year, week))] += 1
    return cases


def _system_label(random_: random.Random, label: str, year: int, week: int) -> str:
    if label in OTHER_CRIMES:
        return label
    if label == "Robo objeto de o desde vehículo":
        return OBJECT_FROM_VEHICLE_NEW if (year, week) >= LABEL_CHANGE else OBJECT_FROM_VEHICLE_OLD
    labels, shares = zip(*CASE_LABELS[label], strict=True)
    return labels[0] if len(labels) == 1 else random_.choices(labels, weights=shares)[0]


def week_labels(year: int, week: int) -> tuple[list[str], list[str]]:
    """The crime rows of one comuna's week, in export order: the DMCS family, then the rest."""
    in_use = OBJECT_FROM_VEHICLE_NEW if (year, week) >= LABEL_CHANGE else OBJECT_FROM_VEHICLE_OLD
    labels = {label for options in CASE_LABELS.values() for label, _ in options}
    family = sorted((labels - {OBJECT_FROM_VEHICLE_OLD}) | {in_use})
    return family, sorted(OTHER_CRIMES)


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the demo export of `year` under `out_dir` (relative path: demo_file(year))."""
    path = out_dir / demo_file(year)
    random_ = rng("stop_casos", year)
    cases = weekly_cases(scale, year)
    header = [column.header for column in STOP_CASOS.columns]
    first: list[list[str]] = []
    second: list[list[str]] = []
    for week in range(1, weeks_in(year) + 1):
        in_first = week <= FIRST_DOWNLOAD_LAST_WEEK
        in_second = week >= SECOND_DOWNLOAD_FIRST_WEEK
        overlap = in_first and in_second
        for comuna in comunas():
            if in_first:
                first += _week_rows(random_, cases, comuna, year, week, overlap, False)
            if in_second:
                second += _week_rows(random_, cases, comuna, year, week, False, True)
    _no_information(random_, first)
    rows = [header, *first, header, *second]
    _write(path, rows)
    return [path]


def _week_rows(
    random_: random.Random,
    cases: Counter,
    comuna: dict[str, str],
    year: int,
    week: int,
    preliminary: bool,
    through_excel: bool,
) -> list[list[str]]:
    name = comuna["comuna"]
    cut = comuna["cut_comuna"]
    if through_excel:
        name = SPELLINGS.get(name, (name.upper(),))[0]
        cut = cut.lstrip("0")
    elif random_.random() < 0.15:
        name = random_.choice(SPELLINGS.get(name, (name,)))
    prefix = [
        "Atacama",
        comuna["provincia"],
        name,
        cut,
        str(year),
        str(week),
        date.fromisocalendar(year, week, 1).strftime("%d/%m/%Y"),
    ]
    family, others = week_labels(year, week)
    rows, family_total, total = [], 0, 0
    for labels, subtotal in ((family, DMCS_SUBTOTAL), (others, TOTAL)):
        for label in labels:
            count = cases[(year, week, comuna["cut_comuna"], label)]
            if preliminary:
                count = sum(random_.random() < PRELIMINARY_SHARE for _ in range(count))
            rows.append([*prefix, label, str(count)])
            family_total += count if subtotal == DMCS_SUBTOTAL else 0
            total += count
        rows.append([*prefix, subtotal, str(family_total if subtotal == DMCS_SUBTOTAL else total)])
    return rows


def _no_information(random_: random.Random, rows: list[list[str]]) -> None:
    """A few weeks of other provinces came without information."""
    candidates = [row for row in rows if row[1] != "Huasco" and row[7] == "Hurtos"]
    for row in random_.sample(candidates, NO_INFORMATION_ROWS):
        row[8] = "s/i"


def _field(value: str) -> str:
    """Quote like the export does: fields holding the delimiter, a comma or a quote."""
    if any(ch in value for ch in ';,"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _write(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".partial")
    text = "".join(";".join(_field(value) for value in row) + "\r\n" for row in rows)
    temporary.write_bytes(text.encode("cp1252"))
    temporary.replace(path)
