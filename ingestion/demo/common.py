"""Shared pieces of the demo generators: seeded randomness, people, published targets, the
noise every office adds, and the writers of the offices' text and spreadsheet exports."""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from ingestion.rut import check_digit, format_rut
from ingestion.settings import PROJECT_ROOT

SEEDS_DIR = PROJECT_ROOT / "dbt_project" / "seeds"
# The years the default configuration holds demo extracts of (one file per source and year).
DEMO_YEARS = (2019, 2020, 2021)

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


def _edition_province() -> str:
    """The province whose report editions the demo extracts reproduce (from the seeds)."""
    [province] = {row["cut_provincia"] for row in read_seed("report_editions")}
    return province


HUASCO_PROVINCE = _edition_province()


def edition_of(year: int, cut_provincia: str = HUASCO_PROVINCE) -> str | None:
    """The report edition (seed `report_editions`) of a province and year, if there is one."""
    for row in read_seed("report_editions"):
        if row["cut_provincia"] == cut_provincia and int(row["anio"]) == year:
            return row["edition_id"]
    return None


def nearest_edition_year(year: int) -> int:
    """The year of the province's edition closest to `year` (the earlier one on a tie): the
    template of the volumes invented for a year no edition describes."""
    years = [
        int(r["anio"])
        for r in read_seed("report_editions")
        if r["cut_provincia"] == HUASCO_PROVINCE
    ]
    return min(years, key=lambda edition_year: (abs(edition_year - year), edition_year))


def _edition_rows(year: int) -> list[dict[str, str]]:
    edition = edition_of(year)
    if edition is None:
        raise LookupError(f"no report edition of province {HUASCO_PROVINCE} for {year}")
    return [row for row in read_seed("published_figures") if row["edition_id"] == edition]


def published_cells(table_id: str, year: int, *, with_totals: bool = False) -> list[dict[str, str]]:
    """The printed cells (not totals, unless asked) of one table of the province's edition of
    `year`: the demo data must reproduce them."""
    return [
        row
        for row in _edition_rows(year)
        if row["table_id"] == table_id and (with_totals or row["is_total"] != "true")
    ]


def published_figure(figure_id: str, year: int) -> dict[str, str]:
    """The seed row of one figure the edition of `year` prints in its text (value,
    comparator...)."""
    [row] = [r for r in _edition_rows(year) if r["figure_id"] == figure_id]
    return row


def text_figure(figure_id: str, year: int) -> int:
    """A figure the edition of `year` prints in its text, as a whole number."""
    return int(float(published_figure(figure_id, year)["value"]))


def varied(value: float, stream: str, year: int, spread: float = 0.15) -> int:
    """A plausible volume for a year no edition describes: `value` moved by a seeded variation
    (the same for the same stream and year)."""
    return max(0, round(value * rng(stream, year).uniform(1 - spread, 1 + spread)))


# Units of the figures that are volumes: a year without an edition moves them (counts of
# places, comunas, percentages and the like stay as the nearest edition prints them).
VOLUME_UNITS = frozenset(
    {"people", "attentions", "families", "organisations", "dialogues", "boxes", "requests"}
)


def planted_rows(rows: list[dict[str, str]], year: int, stream: str) -> list[dict[str, str]]:
    """Seed rows of published figures as a year without an edition would have them: each
    volume moved by its own seeded variation (`varied`), the rest as printed."""
    return [
        row | {"value": str(varied(float(row["value"]), f"{stream}:{row['figure_id']}", year))}
        if row["unit"] in VOLUME_UNITS
        else row
        for row in rows
    ]


def shift_year(day: date, year: int) -> date:
    """The same day and month in `year` (28 February for a 29th that `year` lacks)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def log_year(year: int, log_years: tuple[int, ...], edition_year: int) -> int:
    """The year of an office's running log whose rows the file of `year` holds: `year`, or for
    a year the log does not reach, the edition year (its rows then moved to `year`)."""
    return year if year in log_years else edition_year


def moved_rows(rows: list[list], years: int, year_columns: tuple[int, ...] = ()) -> list[list]:
    """Rows of one year of a log as rows of the year `years` later: date cells, dates typed
    dd/mm/yyyy (impossible ones too), ids such as GET-2020-01 and the `year_columns` moved."""

    def moved(index: int, cell: object) -> object:
        if isinstance(cell, date):
            return shift_year(cell, cell.year + years)
        if isinstance(cell, str) and (typed := TYPED_DATE.fullmatch(cell)):
            return f"{typed[1]}{int(typed[2]) + years}"
        if isinstance(cell, str) and (code := YEAR_CODE.fullmatch(cell)):
            return f"{code[1]}{int(code[2]) + years}{code[3]}"
        if index in year_columns and isinstance(cell, int):
            return cell + years
        return cell

    return [[moved(index, cell) for index, cell in enumerate(row)] for row in rows]


TYPED_DATE = re.compile(r"(\d{2}/\d{2}/)(\d{4})")
YEAR_CODE = re.compile(r"([A-Z]+-)(\d{4})(-\d+(?:-\d+)?)")


def year_of_text_date(text: str) -> int:
    """The year of a date typed dd/mm/yyyy (also of impossible days such as 31/06/2020)."""
    return int(text[6:10])


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    """Write as Windows offices export: `;`-delimited, CRLF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".partial")
    with temporary.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    temporary.replace(path)


STREAMED_ROWS = 50_000


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
    # A large sheet (a big --scale) is streamed to disk row by row, with its strings inline:
    # the same cells, in memory that does not grow with the rows.
    options = {"constant_memory": True} if len(rows) > STREAMED_ROWS else {}
    workbook = xlsxwriter.Workbook(str(temporary), options)
    workbook.set_properties({"created": created} | ({"author": author} if author else {}))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    header_format = workbook.add_format({"bold": True}) if bold_header else None
    shown = {
        column: workbook.add_format({"num_format": number_format})
        for column, number_format in (number_formats or {}).items()
    }
    worksheet = workbook.add_worksheet(sheet)
    worksheet.write_row(0, 0, header, header_format)
    # The cells are written through xlsxwriter's undecorated writers (the public ones only add
    # the parsing of "A1" cell references): at a large --scale the per-cell calls dominate.
    write_string = worksheet._write_string
    write_number = worksheet._write_number
    write_datetime = worksheet._write_datetime
    write_boolean = worksheet._write_boolean
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if type(value) is str:  # most cells: text, written as is unless empty
                if value:
                    write_string(row_index, column, value)
                continue
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                write_boolean(row_index, column, value)
            elif isinstance(value, date):
                moment = datetime(value.year, value.month, value.day)
                write_datetime(row_index, column, moment, date_format)
            elif isinstance(value, int | float):
                write_number(row_index, column, value, shown.get(column))
            else:
                write_string(row_index, column, str(value))
    if column_width is not None:
        worksheet.set_column(0, len(header) - 1, column_width)
    workbook.close()
    temporary.replace(path)
