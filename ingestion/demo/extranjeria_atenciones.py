"""Demo attention log of the Huasco immigration office, one `;` CSV export per year.

One row per reservation in the office's queue system. In 2020 the foreigners attended are the
«6.520 atenciones a extranjeros» of the report; around them, reservations nobody came to or
that were cancelled, Chilean employers and spouses asking about a procedure, and the noise of
the exports: each file starts in mid-December of the year before (those rows are also in that
year's file), rows exported twice, impossible dates, comunas written several ways, left empty or
from another region, and a different encoding each year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    edition_of,
    person_name,
    rng,
    text_figure,
    weekday_in_month,
    weighted,
    write_csv,
)
from ingestion.sources.extranjeria_atenciones import CONTRACT as EXTRANJERIA_ATENCIONES

REPORT_YEAR = 2020  # the first export that is UTF-8 and has the office's lockdown months
# The years drawn together from one random stream (their files do not change when other
# years are written); each later year is drawn from its own stream.
FIRST_YEARS = (2019, 2020)
ATTENTIONS_FIGURE = "extranjeria__texto__atenciones_extranjeros"
# Foreigners attended in each year other than 2020 (not published; invented, times `scale`).
ATTENTIONS_OTHER_YEARS = 5_200
MONTH_WEIGHTS = {
    REPORT_YEAR: (13, 12, 10, 3, 3, 5, 8, 9, 9, 10, 10, 8),  # the office closed in April-May
    None: (9, 8, 9, 9, 9, 8, 8, 9, 8, 8, 8, 7),
}
PROCEDURES = {
    "Solicitud de visa temporaria": 18,
    "Solicitud de visa sujeta a contrato": 10,
    "Estampado de visa": 20,
    "Consulta estado de solicitud": 20,
    "Prórroga de visa": 8,
    "Orientación permanencia definitiva": 12,
    "Entrega de resolución": 7,
    "Certificado de registro": 5,
}
CHILEAN_PROCEDURES = {"Consulta empleador": 60, "Consulta estado de solicitud": 40}
NATIONALITIES = {
    "Venezuela": ("Venezuela", "VENEZUELA"),
    "Haití": ("Haití", "HAITI", "Haiti"),
    "Bolivia": ("Bolivia", "BOLIVIA"),
    "Colombia": ("Colombia", "COLOMBIA"),
    "Perú": ("Perú", "PERU", "Peru"),
    "Cuba": ("Cuba", "CUBA"),
    "República Dominicana": ("República Dominicana", "REPUBLICA DOMINICANA"),
    "Argentina": ("Argentina",),
    "Ecuador": ("Ecuador",),
    "Paraguay": ("Paraguay",),
    "China": ("China",),
}
NATIONALITY_WEIGHTS = (34, 16, 14, 12, 10, 5, 4, 2, 1, 1, 1)
CHILE = ("Chile", "CHILE")
COMUNAS = {
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Huasco": ("Huasco", "HUASCO"),
    "Freirina": ("Freirina", "FREIRINA"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Copiapó": ("Copiapó", "COPIAPO"),
    "La Serena": ("La Serena",),  # another region: stays without a comuna of Atacama
    "": ("",),
}
COMUNA_WEIGHTS = (66, 10, 9, 8, 2, 1, 4)
CHILEAN_SHARE = 0.02
NO_SHOW_SHARE = 0.06
CANCELLED_SHARE = 0.02
DUPLICATE_SHARE = 0.003
IMPOSSIBLE_DATES = ("31/04", "31/06", "30/02")
OVERLAP_FROM = (12, 16)  # each export starts on 16 December of the year before
FIRST_NUMBER = 20_001


def demo_file(year: int) -> str:
    return f"extranjeria/atenciones_oficina_extranjeria_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


@dataclass(frozen=True)
class Attention:
    day: date
    time: str
    procedure: str
    nationality: str
    sex: str
    comuna: str
    state: str
    name: str
    document: str
    officer: str
    bad_date: str | None = None  # an impossible date typed instead of the real one


def attended_in(year: int, scale: int) -> int:
    """Foreigners attended in `year`: the figure of the year's edition, or invented (times
    `scale`)."""
    if edition_of(year):
        return text_figure(ATTENTIONS_FIGURE, year)
    return ATTENTIONS_OTHER_YEARS * scale


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the export of `year` under `out_dir` (its path relative to it: demo_file(year)).

    It starts on 16 December of the year before, so the records of every year from the first
    on are drawn (and numbered in order): 2019 and 2020 from one stream, each later year
    from its own.
    """
    if year < FIRST_YEARS[0]:
        raise ValueError(f"extranjeria_atenciones: the demo office opens in {FIRST_YEARS[0]}")
    drawn_records, officers, state = _first_years(scale)
    random_ = random.Random()
    random_.setstate(state)
    records = list(drawn_records)
    for later in range(FIRST_YEARS[-1] + 1, year + 1):
        records += _year(
            rng("extranjeria_atenciones", later), later, attended_in(later, scale), officers
        )
    records.sort(key=lambda record: (record.day, record.time))
    numbered = list(enumerate(records, start=FIRST_NUMBER))
    header = [column.header for column in EXTRANJERIA_ATENCIONES.columns]
    for written in FIRST_YEARS if year in FIRST_YEARS else (year,):
        start = (
            date(written, 1, 1) if written == FIRST_YEARS[0] else date(written - 1, *OVERLAP_FROM)
        )
        end = date(written, 12, 31)
        rows = [_row(r, number) for number, r in numbered if start <= r.day <= end]
        duplicates_from = (
            random_ if written in FIRST_YEARS else rng("extranjeria_atenciones:copias", written)
        )
        duplicates = duplicates_from.sample(rows, int(len(rows) * DUPLICATE_SHARE))
        rows += [list(row) for row in duplicates]
        rows.sort(key=lambda row: int(row[0]))
        if written == year:
            path = out_dir / demo_file(year)
            encoding = "utf-8-sig" if year >= REPORT_YEAR else "cp1252"
            write_csv(path, header, rows, encoding=encoding)
    return [path]


@lru_cache(maxsize=1)
def _first_years(scale: int) -> tuple[tuple[Attention, ...], list[str], tuple]:
    """The attentions of the first years, the officers and the state their stream is left in.

    Every year's file is numbered from the first year on, so they are drawn once per scale and
    process: drawing them again for each file tripled the work of writing the default years.
    The records are immutable; the state restarts the stream.
    """
    random_ = rng("extranjeria_atenciones")
    officers = [person_name(random_) for _ in range(4)]
    records: list[Attention] = []
    for drawn in FIRST_YEARS:
        records += _year(random_, drawn, attended_in(drawn, scale), officers)
    return tuple(records), officers, random_.getstate()


def _year(random_: random.Random, year: int, attended: int, officers: list[str]) -> list[Attention]:
    weights = MONTH_WEIGHTS.get(year, MONTH_WEIGHTS[None])
    nationalities = list(NATIONALITIES)
    kinds = (
        [("ATENDIDA", False)] * attended
        + [("ATENDIDA", True)] * int(attended * CHILEAN_SHARE)
        + [("NO SE PRESENTA", False)] * int(attended * NO_SHOW_SHARE)
        + [("ANULADA", False)] * int(attended * CANCELLED_SHARE)
    )
    records = []
    for state, is_chilean in kinds:
        month = random_.choices(range(1, 13), weights=weights)[0]
        if is_chilean:
            procedure = weighted(random_, CHILEAN_PROCEDURES)
            nationality = random_.choice(CHILE)
        else:
            procedure = weighted(random_, PROCEDURES)
            country = random_.choices(nationalities, weights=NATIONALITY_WEIGHTS)[0]
            nationality = random_.choice(NATIONALITIES[country])
        comuna = random_.choices(list(COMUNAS), weights=COMUNA_WEIGHTS)[0]
        records.append(
            Attention(
                day=weekday_in_month(random_, year, month),
                time=f"{random_.randint(8, 13):02d}:{random_.choice((0, 15, 30, 45)):02d}",
                procedure=procedure,
                nationality=nationality,
                sex="" if random_.random() < 0.03 else random_.choice(("F", "M")),
                comuna=random_.choice(COMUNAS[comuna]),
                state=state,
                name=person_name(random_),
                document=_document(random_),
                officer=random_.choice(officers),
            )
        )
    records += [
        _impossible_date(random_, year, typed, officers, nationalities)
        for typed in IMPOSSIBLE_DATES
    ]
    return records


def _impossible_date(
    random_: random.Random, year: int, typed: str, officers: list[str], nationalities: list[str]
) -> Attention:
    """An attention beyond the target whose date was typed as a day that does not exist."""
    day, month = (int(part) for part in typed.split("/"))
    country = random_.choices(nationalities, weights=NATIONALITY_WEIGHTS)[0]
    return Attention(
        day=date(year, month, 28),
        time="12:00",
        procedure=weighted(random_, PROCEDURES),
        nationality=NATIONALITIES[country][0],
        sex=random_.choice(("F", "M")),
        comuna="Vallenar",
        state="ATENDIDA",
        name=person_name(random_),
        document=_document(random_),
        officer=random_.choice(officers),
        bad_date=f"{day:02d}/{month:02d}/{year}",
    )


def _document(random_: random.Random) -> str:
    if random_.random() < 0.6:
        return f"P{random_.randint(1_000_000, 99_999_999)}"
    return f"{random_.randint(14_000_000, 27_000_000)}"


def _row(record: Attention, number: int) -> list[str]:
    return [
        str(number),
        record.bad_date or record.day.strftime("%d/%m/%Y"),
        record.time,
        record.procedure,
        record.nationality,
        record.sex,
        record.comuna,
        record.state,
        record.name,
        record.document,
        record.officer,
    ]
