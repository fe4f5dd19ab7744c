"""Demo ORASMI ledger: the regional workbook of social-aid requests, one file per year.

The files of 2019 and 2020 split one ledger drawn together (a request goes to the file of the
year it was asked in); a later year is drawn from its own stream, like 2019 (invented).
One row per request (and one more for each reversal of a payment and each new payment of
the same request). The requests of the province of Huasco attended in 2020 reproduce the
published figures: the amount paid per printed area, the number of requests and the share
of women heads of household. Noise is added on top, so that handling it correctly gives
them back: rejected and annulled requests (some in areas the table does not print),
payments reversed (some paid again), rows copied twice, requests of 2019 and payments of
January 2021, rows of the other provinces, comunas and areas written several ways, amounts
typed as text, dates typed as text and RUTs with a wrong check digit.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    person_name,
    published_cells,
    published_figure,
    read_seed,
    rng,
    rut_text,
    strip_accents,
    text_figure,
    unique_rut_bodies,
    weekday_between,
    weighted,
    with_invalid_rut,
    write_xlsx,
)
from ingestion.sources.orasmi_solicitudes import CONTRACT as ORASMI_SOLICITUDES

LOG_YEARS = (2019, 2020)


def demo_file(year: int) -> str:
    return f"orasmi/solicitudes_orasmi_atacama_{year}.xlsx"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

TABLE_ID = "orasmi_areas"
REQUESTS_FIGURE = "orasmi__texto__solicitudes"
WOMEN_HEADS_FIGURE = "orasmi__texto__porcentaje_mujeres_jefas_hogar"
YEAR = 2020

# Aid catalogue per area: (aid type, weight, lowest and highest usual amount in pesos).
AIDS: dict[str, tuple[tuple[str, int, int, int], ...]] = {
    "Salud": (
        ("Medicamentos", 40, 15_000, 60_000),
        ("Exámenes médicos", 25, 20_000, 90_000),
        ("Pañales desechables", 20, 15_000, 35_000),
    ),
    "Vivienda": (
        ("Materiales de construcción", 30, 100_000, 300_000),
        ("Ahorro para subsidio habitacional", 10, 80_000, 250_000),
    ),
    "Asistencia Social": (
        ("Caja de alimentos", 245, 15_000, 25_000),
        ("Gastos funerarios", 12, 100_000, 300_000),
        ("Arriendo", 2, 100_000, 200_000),
    ),
    "Discapacidad": (
        ("Catre clínico", 3, 120_000, 180_000),
        ("Silla de ruedas", 2, 60_000, 120_000),
        ("Colchón antiescaras", 2, 30_000, 60_000),
    ),
    "Educación": (
        ("Matrícula", 3, 60_000, 200_000),
        ("Útiles escolares", 2, 20_000, 50_000),
    ),
    "Emprendimiento": (("Herramientas", 3, 80_000, 250_000),),
    "Capacitación Laboral": (("Curso de capacitación", 2, 80_000, 200_000),),
}
PRINTED_AREA_WEIGHTS = {"Salud": 22, "Vivienda": 10, "Asistencia Social": 66, "Discapacidad": 2}
# Requests of Huasco paid in 2020 per printed area (not published; invented). Asistencia
# Social takes the rest of the published number of requests.
HUASCO_PAID_BY_AREA = {"Salud": 85, "Vivienda": 40, "Discapacidad": 7}
HUASCO_COMUNAS = {"Vallenar": 60, "Huasco": 15, "Freirina": 13, "Alto del Carmen": 12}
OTHER_COMUNAS = {
    "Copiapó": 62,
    "Caldera": 10,
    "Tierra Amarilla": 9,
    "Chañaral": 10,
    "Diego de Almagro": 9,
}
# Requests per year outside "Huasco in 2020" (invented; multiplied by `scale`).
HUASCO_2019_REQUESTS = 360
OTHER_PROVINCES_REQUESTS_PER_YEAR = 760
COMUNA_SPELLINGS = {
    "Copiapó": ("Copiapó", "COPIAPO", "Copiapo"),
    "Chañaral": ("Chañaral", "CHAÑARAL", "Chanaral"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Huasco": ("Huasco", "HUASCO"),
}
RSH_BRACKETS = ("0-40%", "41-50%", "51-60%", "61-70%", "71-80%", "81-90%", "91-100%")
# Noise in Huasco 2020 beside the attended requests.
HUASCO_REJECTED = {
    "Educación": 6,
    "Emprendimiento": 5,
    "Capacitación Laboral": 4,
    "Salud": 8,
    "Vivienda": 9,
    "Asistencia Social": 5,
}
HUASCO_ANNULLED = 6
HUASCO_REVERSED = 3  # paid, then reversed and not paid again: not attended
HUASCO_PAID_AGAIN = 2  # paid, reversed, paid again: attended once
HUASCO_PAID_IN_2021 = 3  # asked in December 2020, paid in January 2021
HUASCO_DUPLICATES = 3
OTHER_DUPLICATES = 4
INVALID_RUT_ROWS = 3
TEXT_AMOUNT_SHARE = 0.15
TEXT_DATE_SHARE = 0.03
EXPORTED_AT = datetime(2021, 2, 15, 9, 30)


@dataclass
class Request:
    requested_on: date
    comuna: str
    area: str
    aid: str
    amount: int
    sex: str
    is_head: bool
    rsh: str
    person: tuple[int, str]
    # (state, day recorded, amount written in the row); a reversal may carry a minus sign
    movements: list[tuple[str, date, int | None]] = field(default_factory=list)
    has_resolution: bool = False
    folio: int = 0
    resolution: int | None = None


def published_targets() -> tuple[dict[str, int], int, int]:
    """Amount paid per area, requests attended and women heads of household (Huasco 2020)."""
    area_by_label = {
        row["etiqueta_publicada"]: row["area"]
        for row in read_seed("orasmi_areas")
        if row["etiqueta_publicada"]
    }
    amounts = {
        area_by_label[cell["row_label"]]: int(float(cell["value"]))
        for cell in published_cells(TABLE_ID, YEAR)
    }
    requests = text_figure(REQUESTS_FIGURE, YEAR)
    # the report prints the share rounded to a whole percent: the nearest count gives it back
    women_heads = round(requests * float(published_figure(WOMEN_HEADS_FIGURE, YEAR)["value"]) / 100)
    return amounts, requests, women_heads


def area_spellings() -> dict[str, tuple[str, ...]]:
    """Area -> the ways offices write it: the seed's labels, in capitals and without accents."""
    spellings: dict[str, list[str]] = {}
    for row in read_seed("orasmi_areas"):
        label = row["area_origen"]
        variants = spellings.setdefault(row["area"], [])
        for variant in (label, label.upper(), strip_accents(label)):
            if variant not in variants:
                variants.append(variant)
    return {area: tuple(variants) for area, variants in spellings.items()}


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the ledger of `year` under `out_dir` (its path relative to it: demo_file(year)).
    The ledger of LOG_YEARS is drawn from one random stream (a request in the file of the
    year it was asked in), so each of those files is the same whichever years are written;
    any other year is drawn from a stream of its own."""
    path = out_dir / demo_file(year)
    if year not in LOG_YEARS:
        return _write(path, _other_year_rows(scale, year))
    file_year = year  # loops below name their own `year`
    random_ = rng("orasmi_solicitudes")
    amounts, requests_attended, women_heads = published_targets()
    other_requests = (
        HUASCO_2019_REQUESTS * scale + 2 * OTHER_PROVINCES_REQUESTS_PER_YEAR * scale + 200
    )
    people = iter(
        (body, person_name(random_))
        for body in unique_rut_bodies(random_, requests_attended + other_requests)
    )
    huasco = _huasco_2020(random_, people, amounts, requests_attended, women_heads)
    others = _huasco_2020_noise(random_, people)
    for _ in range(HUASCO_2019_REQUESTS * scale):
        others.append(_ordinary(random_, people, 2019, weighted(random_, HUASCO_COMUNAS)))
    for year in (2019, 2020):
        for _ in range(OTHER_PROVINCES_REQUESTS_PER_YEAR * scale):
            others.append(_ordinary(random_, people, year, weighted(random_, OTHER_COMUNAS)))
    _number(huasco + others)
    spellings = area_spellings()
    huasco_rows = [_row(random_, spellings, r, m) for r in huasco for m in r.movements]
    rows = huasco_rows + [_row(random_, spellings, r, m) for r in others for m in r.movements]
    rows += [list(row) for row in random_.sample(huasco_rows, HUASCO_DUPLICATES)]
    rows += [list(row) for row in random_.sample(rows, OTHER_DUPLICATES)]
    rows += [with_invalid_rut(random_, random_.choice(rows), 3) for _ in range(INVALID_RUT_ROWS)]
    rows.sort(key=lambda row: (_day(row[12]), row[0]))
    # By the request's date (one asked before the log's first year: in that year's file).
    rows = [row for row in rows if max(_day(row[1]).year, LOG_YEARS[0]) == file_year]
    return _write(path, rows)


def _other_year_rows(scale: int, year: int) -> list[list]:
    """The ledger of a year other than the log's, from its own random stream: Huasco and the
    other provinces as in 2019 (invented), with the same noise."""
    random_ = rng("orasmi_solicitudes", year)
    in_huasco = HUASCO_2019_REQUESTS * scale
    elsewhere = OTHER_PROVINCES_REQUESTS_PER_YEAR * scale
    people = iter(
        (body, person_name(random_)) for body in unique_rut_bodies(random_, in_huasco + elsewhere)
    )
    requests = [
        _ordinary(random_, people, year, weighted(random_, HUASCO_COMUNAS))
        for _ in range(in_huasco)
    ]
    requests += [
        _ordinary(random_, people, year, weighted(random_, OTHER_COMUNAS)) for _ in range(elsewhere)
    ]
    # Another year's folios start at <yy>000001: they never meet the log's ones.
    _number(requests, first_folio=year % 100 * 1_000_000 + 1)
    spellings = area_spellings()
    rows = [_row(random_, spellings, r, m) for r in requests for m in r.movements]
    rows += [list(row) for row in random_.sample(rows, OTHER_DUPLICATES)]
    rows += [with_invalid_rut(random_, random_.choice(rows), 3) for _ in range(INVALID_RUT_ROWS)]
    rows.sort(key=lambda row: (_day(row[12]), row[0]))
    return rows


def _write(path: Path, rows: list[list]) -> list[Path]:
    header = [column.header for column in ORASMI_SOLICITUDES.columns]
    write_xlsx(
        path,
        ORASMI_SOLICITUDES.sheet or "Solicitudes",
        header,
        rows,
        created=EXPORTED_AT,
        author="Área Social",
        number_formats={10: '"$" #,##0'},
    )
    return [path]


def _huasco_2020(
    random_: random.Random,
    people: Iterator[tuple[int, str]],
    amounts: dict[str, int],
    requests_attended: int,
    women_heads: int,
) -> list[Request]:
    """The requests of Huasco attended in 2020: the published figures, exactly."""
    counts = dict(HUASCO_PAID_BY_AREA)
    counts["Asistencia Social"] = requests_attended - sum(counts.values())
    requests = []
    for area, count in counts.items():
        aids = _weighted_aids(random_, area, count)
        paid = _amounts_summing_to(
            random_, [_usual_amount(random_, area, a) for a in aids], amounts[area]
        )
        for aid, amount in zip(aids, paid, strict=True):
            paid_on = _payment_day(random_, aid, YEAR)
            requested_on = paid_on - timedelta(days=random_.randint(4, 35))
            request = _request(random_, people, requested_on, weighted(random_, HUASCO_COMUNAS))
            request.area, request.aid, request.amount = area, aid, amount
            request.rsh = random_.choices(RSH_BRACKETS[:3], weights=(85, 10, 5))[0]
            request.has_resolution = True
            request.movements = [("Pagada", paid_on, amount)]
            requests.append(request)
    heads = set(random_.sample(range(len(requests)), women_heads))
    for index, request in enumerate(requests):
        if index in heads:
            request.sex, request.is_head = "F", True
        else:
            request.sex, request.is_head = random_.choices(
                (("F", False), ("M", True), ("M", False)), weights=(35, 45, 20)
            )[0]
    within_year = [
        r for r in requests if date(YEAR, 2, 1) <= r.movements[0][1] <= date(YEAR, 11, 15)
    ]
    for request in random_.sample(within_year, HUASCO_PAID_AGAIN):
        _, paid_on, amount = request.movements[0]
        reversed_on = paid_on + timedelta(days=random_.randint(3, 10))
        paid_again_on = reversed_on + timedelta(days=random_.randint(2, 10))
        request.movements += [
            ("Reversada", reversed_on, _reversal_amount(random_, amount)),
            ("Pagada", paid_again_on, amount),
        ]
    return requests


def _huasco_2020_noise(random_: random.Random, people: Iterator[tuple[int, str]]) -> list[Request]:
    """Requests of Huasco in 2020 that were not attended, or were attended in 2021."""
    requests = []
    for area, count in HUASCO_REJECTED.items():
        for _ in range(count):
            requests.append(
                _ordinary(
                    random_, people, YEAR, weighted(random_, HUASCO_COMUNAS), area, "Rechazada"
                )
            )
    for _ in range(HUASCO_ANNULLED):
        requests.append(
            _ordinary(random_, people, YEAR, weighted(random_, HUASCO_COMUNAS), state="Anulada")
        )
    for _ in range(HUASCO_REVERSED):
        requests.append(
            _ordinary(random_, people, YEAR, weighted(random_, HUASCO_COMUNAS), state="Reversada")
        )
    for _ in range(HUASCO_PAID_IN_2021):
        request = _ordinary(
            random_, people, YEAR, weighted(random_, HUASCO_COMUNAS), state="Pagada"
        )
        request.requested_on = date(YEAR, 12, random_.randint(10, 22))
        paid_on = date(YEAR + 1, 1, random_.randint(5, 25))
        request.movements = [("Pagada", paid_on, request.amount)]
        requests.append(request)
    return requests


def _ordinary(
    random_: random.Random,
    people: Iterator[tuple[int, str]],
    year: int,
    comuna: str,
    area: str | None = None,
    state: str | None = None,
) -> Request:
    """A request decided within `year`, with the usual mix of outcomes unless told."""
    area = area or weighted(random_, PRINTED_AREA_WEIGHTS)
    [aid] = _weighted_aids(random_, area, 1)
    state = (
        state
        or random_.choices(("Pagada", "Rechazada", "Anulada", "Reversada"), weights=(86, 9, 3, 2))[
            0
        ]
    )
    amount = _usual_amount(random_, area, aid)
    decided_on = _payment_day(random_, aid, year)
    request = _request(random_, people, decided_on - timedelta(days=random_.randint(4, 35)), comuna)
    request.area, request.aid, request.amount = area, aid, amount
    request.sex, request.is_head = random_.choices(
        (("F", True), ("F", False), ("M", True), ("M", False)), weights=(62, 12, 18, 8)
    )[0]
    if state == "Rechazada":
        request.rsh = random_.choice(RSH_BRACKETS[2:])
        request.movements = [("Rechazada", decided_on, random_.choice((amount, None)))]
    elif state == "Anulada":
        request.has_resolution = random_.random() < 0.5
        request.movements = [("Anulada", decided_on, amount)]
    elif state == "Reversada":
        request.has_resolution = True
        decided_on = min(decided_on, date(year, 12, 10))
        reversed_on = decided_on + timedelta(days=random_.randint(3, 15))
        request.movements = [
            ("Pagada", decided_on, amount),
            ("Reversada", reversed_on, _reversal_amount(random_, amount)),
        ]
    else:
        request.has_resolution = True
        request.movements = [("Pagada", decided_on, amount)]
    return request


def _request(
    random_: random.Random, people: Iterator[tuple[int, str]], requested_on: date, comuna: str
) -> Request:
    return Request(
        requested_on=requested_on,
        comuna=comuna,
        area="",
        aid="",
        amount=0,
        sex="F",
        is_head=True,
        rsh=random_.choices(RSH_BRACKETS[:3], weights=(85, 10, 5))[0],
        person=next(people),
    )


def _weighted_aids(random_: random.Random, area: str, count: int) -> list[str]:
    catalogue = AIDS[area]
    return random_.choices(
        [aid for aid, *_ in catalogue], weights=[weight for _, weight, *_ in catalogue], k=count
    )


def _usual_amount(random_: random.Random, area: str, aid: str) -> int:
    low, high = next((low, high) for name, _, low, high in AIDS[area] if name == aid)
    return random_.randint(low // 10, high // 10) * 10


def _amounts_summing_to(random_: random.Random, amounts: list[int], target: int) -> list[int]:
    """The amounts rescaled so that they add up to `target` pesos exactly."""
    factor = target / sum(amounts)
    scaled = [max(1, round(amount * factor)) for amount in amounts]
    scaled[scaled.index(max(scaled))] += target - sum(scaled)
    random_.shuffle(scaled)
    return scaled


def _payment_day(random_: random.Random, aid: str, year: int) -> date:
    """Food boxes went out in the months of the health emergency; the rest all year."""
    if aid == "Caja de alimentos" and year == YEAR:
        start, end = date(year, 4, 1), date(year, 9, 30)
    else:
        start, end = date(year, 1, 2), date(year, 12, 28)
    return weekday_between(random_, start, end)


def _reversal_amount(random_: random.Random, amount: int) -> int:
    """Offices write a reversal with or without the minus sign."""
    return -amount if random_.random() < 0.5 else amount


def _number(requests: list[Request], first_folio: int = 1001) -> None:
    """Folios in order of request; resolutions in order of first payment, per year."""
    ordered = sorted(requests, key=lambda r: r.requested_on)
    for folio, request in enumerate(ordered, start=first_folio):
        request.folio = folio
    next_resolution: dict[int, int] = {}
    for request in sorted(requests, key=lambda r: (r.movements[0][1], r.folio)):
        if request.has_resolution:
            year = request.movements[0][1].year
            next_resolution[year] = next_resolution.get(year, 117) + 1
            request.resolution = next_resolution[year]


def _row(
    random_: random.Random,
    spellings: dict[str, tuple[str, ...]],
    request: Request,
    movement: tuple[str, date, int | None],
) -> list:
    state, recorded_on, amount = movement
    body, name = request.person
    sex = request.sex
    if random_.random() < 0.3:
        sex = {"F": "Femenino", "M": "Masculino"}[sex]
    head: object = "Sí" if request.is_head else "No"
    roll = random_.random()
    if roll < 0.1:
        head = request.is_head  # a real Excel boolean
    elif roll < 0.2:
        head = "SI" if request.is_head else "NO"
    return [
        request.folio,
        _date_cell(random_, request.requested_on),
        request.resolution,
        rut_text(random_, body),
        name,
        sex,
        head,
        random_.choice(COMUNA_SPELLINGS.get(request.comuna, (request.comuna,))),
        random_.choice(spellings[request.area]),
        request.aid,
        _amount_cell(random_, amount),
        state,
        _date_cell(random_, recorded_on),
        request.rsh,
    ]


def _date_cell(random_: random.Random, day: date) -> date | str:
    if random_.random() < TEXT_DATE_SHARE:
        return day.strftime("%d/%m/%Y")
    return day


def _amount_cell(random_: random.Random, amount: int | None) -> int | str | None:
    if amount is None or random_.random() >= TEXT_AMOUNT_SHARE:
        return amount
    sign = "-" if amount < 0 else ""
    return f"{sign}$ {abs(amount):,}".replace(",", ".")


def _day(cell: date | str) -> date:
    if isinstance(cell, str):
        return datetime.strptime(cell, "%d/%m/%Y").date()
    return cell
