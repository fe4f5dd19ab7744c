"""Demo STOP «umbral» export: one value per province, crime, year, cut date and window.

The umbral is what the system shows (a standardised deviation of the period against earlier
years); it is given, never computed. Huasco's 2020 year-to-date values at the last cut of
the year are the printed ones; the rest is invented: earlier quarterly cuts, the weekly and
28-day windows, the provinces of Copiapó and Chañaral, 2019, province names written
several ways and empty umbrales where a rare crime has too little history.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from ingestion.demo.common import DEMO_YEARS, edition_of, read_seed, rng, write_csv
from ingestion.demo.stop_casos import published_umbrales, weeks_in
from ingestion.sources.stop_umbrales import CONTRACT as STOP_UMBRALES
from ingestion.sources.stop_umbrales import PERIODS

YEAR_TO_DATE = "Año a la fecha"
# STOP's umbral labels, in its order: report label -> system label.
UMBRAL_LABELS = {
    "Robo con violencia": "Robo con violencia",
    "Robo con intimidación": "Robo con intimidación",
    "Robo por sorpresa": "Robo por sorpresa",
    "Lesiones": "Lesiones",
    "Homicidios": "Homicidios",
    "Violaciones": "Violaciones",
    "DELITOS VIOLENTOS": "Delitos violentos",
    "Robo de vehículo": "Robo de vehículo motorizado",
    "Robo objeto de o desde vehículo": "Robo de objeto de o desde vehículo",
    "Robo en lugar habitado": "Robo en lugar habitado",
    "Robo en lugar no habitado": "Robo en lugar no habitado",
    "Otros robos con fuerza": "Otros robos con fuerza",
    "Hurtos": "Hurtos",
    "DELITOS NO VIOLENTOS": "Delitos no violentos",
    "TOTAL": "Total",
}
HUASCO = "Huasco"
SPELLINGS = {"Copiapó": ("Copiapó", "COPIAPO"), "Chañaral": ("Chañaral", "CHAÑARAL")}
# Rare crimes: in the smallest province the weekly window has no history to compare with.
NO_HISTORY = ("Chañaral", "Última semana", ("Homicidios", "Violaciones"))
CUT_WEEKS = (13, 26, 39)  # and the last week of the year


def demo_file(year: int) -> str:
    return f"stop/stop_umbrales_atacama_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)


def provinces() -> list[str]:
    return sorted({row["provincia"] for row in read_seed("comunas")})


def cut_dates(year: int) -> list[date]:
    """The Sundays that close the quarterly cuts of a year (ISO weeks)."""
    weeks = (*CUT_WEEKS, weeks_in(year))
    return [date.fromisocalendar(year, week, 7) for week in weeks]


def generate(out_dir: Path, scale: int = 1, *, year: int) -> list[Path]:
    """Write the demo export of `year` under `out_dir` (relative path: demo_file(year))."""
    path = out_dir / demo_file(year)
    random_ = rng("stop_umbrales", year)
    printed = published_umbrales(year) if edition_of(year) else {}
    rows = []
    cuts = cut_dates(year)
    for cut in cuts:
        for province in provinces():
            for period in PERIODS:
                for report_label, label in UMBRAL_LABELS.items():
                    is_printed = (
                        printed
                        and province == HUASCO
                        and cut == cuts[-1]
                        and period == YEAR_TO_DATE
                    )
                    value = printed[report_label] if is_printed else _invented(random_)
                    if (province, period) == NO_HISTORY[:2] and label in NO_HISTORY[2]:
                        text = ""
                    else:
                        text = _decimal_comma(value)
                    rows.append(
                        [
                            "Atacama",
                            random_.choice(SPELLINGS.get(province, (province, "HUASCO"))),
                            str(year),
                            cut.strftime("%d/%m/%Y"),
                            period,
                            label,
                            text,
                        ]
                    )
    header = [column.header for column in STOP_UMBRALES.columns]
    write_csv(path, header, rows, encoding="utf-8-sig")
    return [path]


def _invented(random_: random.Random) -> float:
    return round(max(-2.5, min(2.5, random_.gauss(0, 0.9))), 2)


def _decimal_comma(value: float) -> str:
    text = f"{value:.2f}"
    if text == "-0.00":
        text = "0.00"
    return text.replace(".", ",")
