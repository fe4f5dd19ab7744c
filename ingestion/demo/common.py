"""Shared pieces of the demo generators: seeded randomness, people, published targets, the
noise every office adds, and the writers of the offices' text and spreadsheet exports."""

from __future__ import annotations

import csv
import random
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from ingestion.rut import check_digit, format_rut
from ingestion.settings import PROJECT_ROOT

SEEDS_DIR = PROJECT_ROOT / "dbt_project" / "seeds"

FIRST_NAMES = (
    "María José Ana Luis Carmen Juan Rosa Pedro Camila Diego Francisca Jorge Valentina Carlos "
    "Daniela Héctor Javiera Raúl Constanza Iván Fernanda Sebastián Gloria Matías Patricia "
    "Cristóbal Verónica Nicolás Ximena Andrés Sofía Tomás Yolanda Benjamín Paulina Eduardo"
).split()
SURNAMES = (
    "González Muñoz Rojas Díaz Pérez Soto Contreras Silva Martínez Sepúlveda Morales Rodríguez "
    "López Fuentes Hernández Torres Araya Flores Espinoza Valenzuela Castillo Tapia Reyes "
    "Gutiérrez Castro Pizarro Álvarez Vásquez Sánchez Fernández Ramírez Carrasco Cortés Herrera "
    "Núñez Jara Vergara Rivera Figueroa Ríos Aguilera Olivares Campusano Ardiles Cisternas"
).split()
STREETS = (
    "Serrano",
    "Prat",
    "Brasil",
    "Talca",
    "Ramírez",
    "Colchagua",
    "Marañón",
    "O'Higgins",
    "Sargento Aldea",
    "Los Carrera",
    "Baquedano",
    "Freire",
    "Montt",
    "Las Araucarias",
    "El Olivar",
    "Pasaje Los Aromos",
    "Avenida Huasco",
)


def rng(name: str, seed: int = 2020) -> random.Random:
    """One independent, reproducible random stream per generator."""
    return random.Random(f"{name}:{seed}")


def weighted(random_: random.Random, weights: dict[str, int]) -> str:
    """One key of `weights`, drawn with the weights its values give."""
    return random_.choices(list(weights), weights=list(weights.values()))[0]


def years_up_to(last_year: int, scale: int) -> list[int]:
    """`last_year` and the `scale` years before it: a larger scale adds earlier years."""
    return list(range(last_year - scale, last_year + 1))


def weekday_between(random_: random.Random, start: date, end: date) -> date:
    """A day from `start` to `end`, moved back to the Friday before when it is a weekend
    (never before `start`)."""
    day = start + timedelta(days=random_.randint(0, (end - start).days))
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return max(day, start)


def weekday_in_month(random_: random.Random, year: int, month: int) -> date:
    """A Monday-to-Friday day of the month."""
    while True:
        day = date(year, month, 1) + timedelta(days=random_.randint(0, 30))
        if day.month == month and day.weekday() < 5:
            return day


def person_name(random_: random.Random) -> str:
    first = random_.choice(FIRST_NAMES)
    return f"{first} {random_.choice(SURNAMES)} {random_.choice(SURNAMES)}"


def address(random_: random.Random) -> str:
    return f"{random_.choice(STREETS)} {random_.randint(1, 2999)}"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spelling(random_: random.Random, name: str) -> str:
    """A place or service name the ways offices type it: as is, in capitals, without accents."""
    style = random_.random()
    if style < 0.6:
        return name
    if style < 0.8:
        return name.upper()
    return strip_accents(name)


def unique_rut_bodies(random_: random.Random, count: int) -> list[int]:
    return random_.sample(range(4_000_000, 26_000_000), count)


def rut_text(random_: random.Random, body: int) -> str:
    """A valid RUT written the ways offices write them."""
    digit = check_digit(body)
    style = random_.random()
    if style < 0.7:
        return format_rut(body, digit)
    if style < 0.9:
        return f"{body}-{digit}"
    return f"{body}-{digit.lower()}"


def invalid_rut_text(random_: random.Random) -> str:
    body = random_.randint(4_000_000, 26_000_000)
    wrong = random_.choice([d for d in "0123456789K" if d != check_digit(body)])
    return format_rut(body, wrong)


def with_invalid_rut(random_: random.Random, row: list, column: int) -> list:
    """A copy of `row` whose RUT (in `column`) was typed with a wrong check digit."""
    copy = list(row)
    copy[column] = invalid_rut_text(random_)
    return copy


def with_impossible_date(row: list[str], text: str) -> list[str]:
    """A copy of `row` whose date (its first field) was typed as `text`, a day that does not
    exist (31/06, 30/02)."""
    copy = list(row)
    copy[0] = text
    return copy


def read_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def published_cells(table_id: str) -> list[dict[str, str]]:
    """The printed cells (not totals) of one report table: the demo data must reproduce them."""
    return [
        row
        for row in read_seed("published_figures")
        if row["table_id"] == table_id and row["is_total"] != "true"
    ]


def published_figure(figure_id: str) -> dict[str, str]:
    """The seed row of one figure the report prints in its text (value, comparator...)."""
    [row] = [r for r in read_seed("published_figures") if r["figure_id"] == figure_id]
    return row


def text_figure(figure_id: str) -> int:
    """A figure the report prints in its text, as a whole number."""
    return int(float(published_figure(figure_id)["value"]))


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    """Write as Windows offices export: `;`-delimited, CRLF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".partial")
    with temporary.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    temporary.replace(path)


def write_xlsx(
    path: Path,
    sheet: str,
    header: list[str],
    rows: list[list[object]],
    *,
    created: datetime,
    author: str | None = "Gobernación",
    bold_header: bool = True,
    number_formats: dict[int, str] | None = None,
    column_width: int | None = None,
) -> None:
    """Write one sheet as an office keeps it: a header row, then real cells.

    Dates become date cells (dd/mm/yyyy), booleans TRUE/FALSE cells, numbers numeric cells
    (shown with `number_formats[column]` where given) and the rest text cells; None and ""
    leave the cell empty. The workbook's creation time is fixed (`created`), so the same
    rows give the same bytes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".partial")
    workbook = xlsxwriter.Workbook(str(temporary))
    workbook.set_properties({"created": created} | ({"author": author} if author else {}))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    header_format = workbook.add_format({"bold": True}) if bold_header else None
    shown = {
        column: workbook.add_format({"num_format": number_format})
        for column, number_format in (number_formats or {}).items()
    }
    worksheet = workbook.add_worksheet(sheet)
    worksheet.write_row(0, 0, header, header_format)
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                worksheet.write_boolean(row_index, column, value)
            elif isinstance(value, date):
                moment = datetime(value.year, value.month, value.day)
                worksheet.write_datetime(row_index, column, moment, date_format)
            elif isinstance(value, int | float):
                worksheet.write_number(row_index, column, value, shown.get(column))
            else:
                worksheet.write_string(row_index, column, str(value))
    if column_width is not None:
        worksheet.set_column(0, len(header) - 1, column_width)
    workbook.close()
    temporary.replace(path)
