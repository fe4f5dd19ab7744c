"""Demo log of the PIDI office (convenio Gobernación–CONADI): attentions and activities.

One row per attention, certificate delivered, field visit or meeting, kept by the office in
a spreadsheet saved as `;` CSV, one file per year (the log of 2019 to early 2021 split by
the activity's date). Huasco's 2020 counts per printed row are the published ones; noise on
top: rows of 2019 and 2021, rows copied twice
when two sheets were merged (same N°), activity types and comunas written several ways,
impossible dates and a row without its type.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from ingestion.demo.common import (
    DEMO_YEARS,
    log_year,
    moved_rows,
    published_cells,
    read_seed,
    rng,
    write_csv,
    year_of_text_date,
)
from ingestion.sources.convenio_pidi_actividades import CONTRACT

REPORT_YEAR = 2020
LOG_YEARS = (2019, 2020, 2021)


def demo_file(year: int) -> str:
    return f"convenios/registro_actividades_pidi_{year}.csv"


DEMO_FILES = tuple(demo_file(year) for year in DEMO_YEARS)

COMUNA_WEIGHTS = {"Vallenar": 50, "Alto del Carmen": 25, "Huasco": 15, "Freirina": 10}
SPELLINGS = {
    "Vallenar": ("Vallenar", "VALLENAR"),
    "Alto del Carmen": ("Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"),
    "Huasco": ("Huasco", "HUASCO"),
    "Freirina": ("Freirina", "FREIRINA"),
}
LOCALITIES = {
    "Vallenar": ("", "", "Vallenar", "Torreblanca", "Baquedano"),
    "Alto del Carmen": ("El Tránsito", "San Félix", "Chollay", "Conay", "La Arena", "Los Tambos"),
    "Huasco": ("", "Huasco Bajo", "Canto del Agua", "Carrizal Bajo"),
    "Freirina": ("", "Maitencillo", "Nicolasa", "Carrizalillo"),
}
DETAILS = {
    "Atenciones Generales": (
        "Consulta por acreditación de calidad indígena",
        "Consulta por beca indígena",
        "Orientación subsidio de tierras y aguas",
        "Consulta por constitución de comunidad",
        "Orientación fondo de desarrollo indígena",
        "Consulta por registro de asociaciones",
    ),
    "Entrega de certificados originales de calidad indígena": (
        "Entrega de certificado original",
        "Entrega certificado original de calidad indígena (diaguita)",
        "Entrega certificado original de calidad indígena (colla)",
    ),
    "CONADI en Terreno": (
        "Operativo CONADI en terreno",
        "Atención en terreno con encargado regional CONADI",
        "Plaza ciudadana CONADI",
    ),
    "Reuniones": (
        "Reunión con comunidad diaguita",
        "Reunión con asociación indígena",
        "Reunión de coordinación con CONADI regional",
        "Mesa de trabajo con municipio",
    ),
}
# Rows outside 2020 (not published; invented), multiplied by `scale`: year -> (rows, months).
OTHER_YEARS = {2019: (330, (6, 12)), 2021: (95, (1, 3))}
# Share of each printed row in the other years' rows.
OTHER_YEARS_MIX = {
    "Atenciones Generales": 0.8,
    "Entrega de certificados originales de calidad indígena": 0.12,
    "CONADI en Terreno": 0.04,
    "Reuniones": 0.04,
}
DUPLICATE_SHARE = 0.01
IMPOSSIBLE_DATES = ("31/04/2020", "30/02/2020")
ROWS_WITHOUT_TYPE = 1


def activities_per_row(scale: int) -> dict[tuple[int, str], int]:
    """(year, printed detail row) -> activities: 2020 from the report, the rest scaled."""
    targets = {
        (REPORT_YEAR, cell["row_label"]): int(float(cell["value"]))
        for cell in published_cells("convenio_pidi", REPORT_YEAR)
    }
    for year, (rows, _) in OTHER_YEARS.items():
        for detail, share in OTHER_YEARS_MIX.items():
            targets[(year, detail)] = round(rows * share) * scale
    return targets


def typed_labels() -> dict[str, tuple[str, ...]]:
    """Printed detail row -> the ways the office writes its type (the first one most often)."""
    labels: dict[str, tuple[str, ...]] = {}
    for row in read_seed("convenios_pidi_categorias"):
        labels[row["detalle_actividad"]] = (
            *labels.get(row["detalle_actividad"], ()),
            row["categoria_registrada"],
        )
    return labels


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
        rng("convenio_pidi_actividades", year) if moved_by else rng("convenio_pidi_actividades")
    )
    labels = typed_labels()
    records = []
    for (year, detail), count in sorted(activities_per_row(scale).items()):
        months = (1, 12) if year == 2020 else OTHER_YEARS[year][1]
        for _ in range(count):
            comuna = _comuna(random_, detail)
            records.append(
                (
                    _working_day(random_, year, months),
                    _typed(random_, labels[detail]),
                    random_.choice(DETAILS[detail]),
                    random_.choice(SPELLINGS[comuna]),
                    random_.choice(LOCALITIES[comuna]),
                )
            )
    records.sort(key=lambda record: record[0])
    rows = [
        [str(number), day.strftime("%d/%m/%Y"), *fields]
        for number, (day, *fields) in enumerate(records, start=1)
    ]
    # A second sheet pasted below the first repeats some rows with their N°.
    rows += [list(row) for row in random_.sample(rows, int(len(rows) * DUPLICATE_SHARE))]
    next_number = len(records) + 1
    for text in IMPOSSIBLE_DATES:
        rows.append([str(next_number), text, *random_.choice(rows[: len(records)])[2:]])
        next_number += 1
    for _ in range(ROWS_WITHOUT_TYPE):
        template = random_.choice(rows[: len(records)])
        rows.append([str(next_number), template[1], "", *template[3:]])
        next_number += 1
    _number_with_thousands(rows)
    header = [column.header for column in CONTRACT.columns]
    of_year = [row for row in rows if year_of_text_date(row[1]) == file_year]
    if moved_by:
        of_year = moved_rows(of_year, moved_by)
    write_csv(path, header, of_year, encoding="cp1252")
    return [path]


def _comuna(random_: random.Random, detail: str) -> str:
    if detail == "CONADI en Terreno":  # field visits go to the valleys
        return random_.choice(("Alto del Carmen", "Alto del Carmen", "Freirina", "Huasco"))
    names = list(COMUNA_WEIGHTS)
    return random_.choices(names, weights=[COMUNA_WEIGHTS[n] for n in names])[0]


def _typed(random_: random.Random, labels: tuple[str, ...]) -> str:
    usual = random_.random() < 0.75 or len(labels) == 1
    label = labels[0] if usual else random_.choice(labels[1:])
    return label.upper() if random_.random() < 0.1 else label


def _working_day(random_: random.Random, year: int, months: tuple[int, int]) -> date:
    start = date(year, months[0], 1)
    end = date(year + 1, 1, 1) if months[1] == 12 else date(year, months[1] + 1, 1)
    while True:
        day = start + timedelta(days=random_.randrange((end - start).days))
        if day.weekday() < 5:
            return day


def _number_with_thousands(rows: list[list[str]]) -> None:
    """Excel shows N° above 999 with a thousands point, and the CSV keeps it: 1.204."""
    for row in rows:
        row[0] = f"{int(row[0]):,}".replace(",", ".")
