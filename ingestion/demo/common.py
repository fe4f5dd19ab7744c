"""Shared pieces of the demo generators: seeded randomness, people, published targets."""

from __future__ import annotations

import csv
import random
from pathlib import Path

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


def person_name(random_: random.Random) -> str:
    first = random_.choice(FIRST_NAMES)
    return f"{first} {random_.choice(SURNAMES)} {random_.choice(SURNAMES)}"


def address(random_: random.Random) -> str:
    return f"{random_.choice(STREETS)} {random_.randint(1, 2999)}"


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


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    """Write as Windows offices export: `;`-delimited, CRLF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".partial")
    with temporary.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    temporary.replace(path)
