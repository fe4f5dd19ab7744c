"""Demo log of «Alimentos para Chile» food-box deliveries, 2020, for all of Atacama.

One row per box delivered to a household. Huasco's counts per comuna and round are the
published ones; noise is added on top (so that handling it correctly gives them back):
deliveries recorded twice, rows of the other provinces, comuna names written several
ways, RUTs with a wrong check digit and impossible dates.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ingestion.demo.common import (
    address,
    person_name,
    published_cells,
    read_seed,
    rng,
    rut_text,
    unique_rut_bodies,
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
# Alto del Carmen received 1.500 boxes over one weekend of the first round.
ALTO_DEL_CARMEN_WEEKEND = (date(2020, 5, 23), date(2020, 5, 24), 1_500)


def households_per_round(scale: int) -> dict[tuple[str, int], int]:
    """(comuna, round) -> boxes: Huasco from the report, the rest invented and scaled."""
    round_by_label = {
        r["etiqueta_publicada"]: int(r["numero_entrega"]) for r in read_seed("alimentos_rondas")
    }
    targets = {
        (cell["row_label"], round_by_label[cell["column_label"]]): int(float(cell["value"]))
        for cell in published_cells("alimentos_entregas")
    }
    for comuna, count in OTHER_PROVINCES_PER_ROUND.items():
        for round_number in round_by_label.values():
            targets[(comuna, round_number)] = count * scale
    return targets


def round_windows() -> dict[int, tuple[date, date]]:
    return {
        int(r["numero_entrega"]): (
            date.fromisoformat(r["inicio_ronda"]),
            date.fromisoformat(r["fin_ronda"]),
        )
        for r in read_seed("alimentos_rondas")
    }


DEMO_FILES = ("alimentos/entregas_alimentos_para_chile_2020.csv",)


def generate(out_dir: Path, scale: int = 1) -> list[Path]:
    """Write the demo log under `out_dir` (its path relative to it is DEMO_FILES[0])."""
    path = out_dir / DEMO_FILES[0]
    random_ = rng("alimentos_entregas")
    targets = households_per_round(scale)
    windows = round_windows()
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
            delivered_on = _delivery_date(random_, comuna, round_number, index, start, end)
            records.append((delivered_on, round_number, comuna, household))
    records.sort(key=lambda record: record[0])
    rows = [_row(random_, record) for record in records]
    rows += [
        _duplicate(random_, row) for row in random_.sample(rows, int(len(rows) * DUPLICATE_SHARE))
    ]
    rows += [with_invalid_rut(random_, random_.choice(rows), 4) for _ in range(INVALID_RUT_ROWS)]
    rows += [
        with_impossible_date(random_.choice(rows), "31/06/2020")
        for _ in range(IMPOSSIBLE_DATE_ROWS)
    ]
    rows.sort(key=lambda row: (row[0][6:10], row[0][3:5], row[0][0:2]))
    numbered = [
        [f"{folio:,}".replace(",", "."), *row] for folio, row in enumerate(rows, start=100_001)
    ]
    header = [column.header for column in ALIMENTOS_ENTREGAS.columns]
    write_csv(path, header, numbered, encoding="cp1252")
    return [path]


def _delivery_date(
    random_: random.Random, comuna: str, round_number: int, index: int, start: date, end: date
) -> date:
    weekend_start, weekend_end, weekend_boxes = ALTO_DEL_CARMEN_WEEKEND
    if comuna == "Alto del Carmen" and round_number == 1 and index < weekend_boxes:
        return random_.choice((weekend_start, weekend_end))
    return start + timedelta(days=random_.randint(0, (end - start).days))


def _row(random_: random.Random, record: tuple) -> list[str]:
    delivered_on, round_number, comuna, (body, name, street) = record
    return [
        delivered_on.strftime("%d/%m/%Y"),
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
