"""Demo log of «Alimentos para Chile» food-box deliveries, one file per year, all of Atacama.

One row per box delivered to a household. Huasco's counts per comuna and round are the
published ones in a year with a report edition (2020), invented from them in other years
(rounds from the seed `alimentos_rondas`, or the latest year's rounds moved to the year);
noise is added on top (so that handling it correctly gives them back): deliveries recorded
twice, rows of the other provinces, comuna names written several ways, RUTs with a wrong
check digit and impossible dates.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    address,
    edition_of,
    nearest_edition_year,
    person_name,
    published_cells,
    read_seed,
    rng,
    rut_text,
    shift_year,
    unique_rut_bodies,
    varied,
    with_impossible_date,
    with_invalid_rut,
    write_csv,
)
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS

# Households served per round in the comunas outside Huasco (not published; invented).
OTHER_PROVINCES_PER_ROUND = {
    "Copiapó": 9_000,
    "Caldera": 1_400,
    "Tierra Amarilla": 1_100,
    "Chañaral": 1_200,
    "Diego de Almagro": 1_000,
}
SPELLINGS = {
    "Copiapó": ("Copiapó", "COPIAPO", "Copiapo"),
    "Chañaral": ("Chañaral", "CHAÑARAL", "Chanaral"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Vallenar": ("Vallenar", "VALLENAR"),
}
DUPLICATE_SHARE = 0.004
INVALID_RUT_ROWS = 6
IMPOSSIBLE_DATE_ROWS = 3
# Alto del Carmen received 1.500 boxes over one weekend of the first round (of 2020; the
# same weekend of the other years).
ALTO_DEL_CARMEN_WEEKEND = (date(2020, 5, 23), date(2020, 5, 24), 1_500)


def rounds_of(year: int) -> list[dict[str, str]]:
    """The seed's rounds of `year`; without any, the latest year's rounds moved to `year`."""
    rounds = read_seed("alimentos_rondas")
    of_year = [r for r in rounds if int(r["anio"]) == year]
    if of_year:
        return of_year
    latest = max(int(r["anio"]) for r in rounds)
    return [
        r
        | {
            "anio": str(year),
            "inicio_ronda": shift_year(date.fromisoformat(r["inicio_ronda"]), year).isoformat(),
            "fin_ronda": shift_year(date.fromisoformat(r["fin_ronda"]), year).isoformat(),
        }
        for r in rounds
        if int(r["anio"]) == latest
    ]


def households_per_round(scale: int, year: int) -> dict[tuple[str, int], int]:
    """(comuna, round) -> boxes: Huasco from the year's edition (or, without one, invented from
    the nearest edition's), the rest invented and scaled."""
    template_year = year if edition_of(year) else nearest_edition_year(year)
    round_by_label = {
        r["etiqueta_publicada"]: int(r["numero_entrega"]) for r in rounds_of(template_year)
    }
    targets = {
        (cell["row_label"], round_by_label[cell["column_label"]]): int(float(cell["value"]))
        for cell in published_cells("alimentos_entregas", template_year)
    }
    if template_year != year:
        targets = {
            (comuna, number): varied(count, f"alimentos_entregas:{comuna}:{number}", year)
            for (comuna, number), count in targets.items()
        }
    for comuna, count in OTHER_PROVINCES_PER_ROUND.items():
        for round_number in round_by_label.values():
            targets[(comuna, round_number)] = count * scale
    return targets


def round_windows(year: int) -> dict[int, tuple[date, date]]:
    return {
        int(r["numero_entrega"]): (
            date.fromisoformat(r["inicio_ronda"]),
            date.fromisoformat(r["fin_ronda"]),
        )
        for r in rounds_of(year)
    }


def demo_file(year: int) -> str:
    return f"alimentos/entregas_alimentos_para_chile_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the demo log of `year` under `out_dir` (relative path: demo_file(year))."""
    path = out_dir / demo_file(year)
    random_ = rng("alimentos_entregas", year)
    targets = households_per_round(scale, year)
    windows = round_windows(year)
    comunas = sorted({comuna for comuna, _ in targets})
    pool_size = {c: max(n for (k, _), n in targets.items() if k == c) for c in comunas}
    bodies = iter(unique_rut_bodies(random_, sum(pool_size.values())))
    households = {
        comuna: [
            (next(bodies), person_name(random_), address(random_)) for _ in range(pool_size[comuna])
        ]
        for comuna in comunas
    }
    records = []
    for (comuna, round_number), count in sorted(targets.items()):
        start, end = windows[round_number]
        for index, household in enumerate(random_.sample(households[comuna], count)):
            delivered_on = _delivery_date(random_, comuna, round_number, index, (start, end), year)
            records.append((delivered_on, round_number, comuna, household))
    records.sort(key=lambda record: record[0])
    # A few hundred delivery days for up to millions of rows: each day formatted once.
    typed_days = {day: day.strftime("%d/%m/%Y") for day in {record[0] for record in records}}
    rows = [_row(random_, record, typed_days) for record in records]
    del records, households  # at a large --scale, memory goes to the rows
    rows += [
        _duplicate(random_, row) for row in random_.sample(rows, int(len(rows) * DUPLICATE_SHARE))
    ]
    rows += [with_invalid_rut(random_, random_.choice(rows), 4) for _ in range(INVALID_RUT_ROWS)]
    rows += [
        with_impossible_date(random_.choice(rows), f"31/06/{year}")
        for _ in range(IMPOSSIBLE_DATE_ROWS)
    ]
    rows.sort(key=lambda row: (row[0][6:10], row[0][3:5], row[0][0:2]))
    for folio, row in enumerate(rows, start=100_001):  # numbered in place: no second copy
        row.insert(0, f"{folio:,}".replace(",", "."))
    header = [column.header for column in ALIMENTOS_ENTREGAS.columns]
    write_csv(path, header, rows, encoding="cp1252")
    return [path]


def _delivery_date(
    random_: random.Random,
    comuna: str,
    round_number: int,
    index: int,
    window: tuple[date, date],
    year: int,
) -> date:
    start, end = window
    weekend_start, weekend_end, weekend_boxes = ALTO_DEL_CARMEN_WEEKEND
    if comuna == "Alto del Carmen" and round_number == 1 and index < weekend_boxes:
        return random_.choice((shift_year(weekend_start, year), shift_year(weekend_end, year)))
    return start + timedelta(days=random_.randint(0, (end - start).days))


def _row(random_: random.Random, record: tuple, typed_days: dict[date, str]) -> list[str]:
    delivered_on, round_number, comuna, (body, name, street) = record
    return [
        typed_days[delivered_on],
        str(round_number),
        "Atacama",
        random_.choice(SPELLINGS.get(comuna, (comuna,))),
        rut_text(random_, body),
        name,
        street,
    ]


def _duplicate(random_: random.Random, row: list[str]) -> list[str]:
    """The same delivery typed in again under a new folio, sometimes with the name in capitals."""
    copy = list(row)
    if random_.random() < 0.5:
        copy[5] = copy[5].upper()
    return copy
