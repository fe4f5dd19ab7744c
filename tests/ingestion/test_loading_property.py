"""Property: whatever is done to a valid extract, every line is accounted for, no RUT leaks.

A valid extract is damaged at random (seeded): stray and unclosed quotes, extra or missing
delimiters, blank lines, cuts, other encodings and line ends. Each damaged file is loaded
into a fresh database; either it is refused as a whole (a ContractError naming the file) or
its physical lines balance against what the tables hold. In both cases no clear RUT, name or
address of the input reaches any table.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import duckdb
from leaks import personal_data_found

from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError
from ingestion.rut import check_digit, format_rut
from ingestion.sources.alimentos_entregas import CONTRACT as ALIMENTOS_ENTREGAS

HEADER = "FOLIO;FECHA ENTREGA;N° ENTREGA;REGIÓN;COMUNA;RUT JEFE HOGAR;NOMBRE;DIRECCIÓN"
NAMES = ["Zenobia Quispe", "Wilfredo Cayupán", "Eleuterio Mamani", "Rosalba Anticoy"]
STREETS = ["Calle Secreta", "Pasaje Oculto", "Avenida Reservada", "Callejón Escondido"]
BODIES = [12345678, 7654321, 13579246, 10000013, 14000000, 8765432, 21987654, 9876543]
COMUNAS = ["Vallenar", "Huasco", "Freirina", "Alto del Carmen"]
CASES = 120


def valid_lines(generator: random.Random) -> list[str]:
    lines = [HEADER]
    for index, body in enumerate(BODIES):
        rut = generator.choice([format_rut(body), f"{body}-{check_digit(body)}"])
        lines.append(
            f"{100001 + index};{generator.randint(1, 28):02d}/05/2020;{index % 3 + 1};Atacama;"
            f"{generator.choice(COMUNAS)};{rut};{NAMES[index % 4]};"
            f"{STREETS[index % 4]} {4321 + index}"
        )
    return lines


def mutate_line(line: str, generator: random.Random) -> str:
    position = generator.randrange(len(line) + 1)
    fields = line.split(";")
    field = generator.randrange(len(fields))
    kind = generator.choice(["stray", "open", "extra", "missing", "quoted", "cut"])
    if kind == "stray":  # a double quote anywhere
        return line[:position] + '"' + line[position:]
    if kind == "open":  # a field that opens a quote and never closes it
        fields[field] = '"' + fields[field]
    elif kind == "extra":
        return line[:position] + ";" + line[position:]
    elif kind == "missing" and len(fields) > 1:
        fields[field : field + 2] = (
            [fields[field] + fields[field + 1 : field + 2][0]]
            if (field + 1 < len(fields))
            else [fields[field]]
        )
    elif kind == "quoted":  # properly quoted, with a delimiter and an escaped quote inside
        fields[field] = '"' + fields[field].replace('"', '""') + '; ""x"""'
    elif kind == "cut":
        return line[:position]
    return ";".join(fields)


def damaged_extract(generator: random.Random) -> bytes:
    lines = valid_lines(generator)
    for _ in range(generator.randint(1, 4)):
        index = generator.randrange(1, len(lines))
        action = generator.random()
        if action < 0.6:
            lines[index] = mutate_line(lines[index], generator)
        elif action < 0.8:
            lines.insert(index, generator.choice(["", "   ", ";;;", " ; "]))
        else:
            lines.insert(index, lines[index])
    newline = generator.choice(["\r\n", "\n"])
    encoding = generator.choice(["cp1252", "utf-8", "utf-8-sig", "utf-16", "mixed"])
    if encoding == "mixed":
        data = b"".join(
            (line + newline).encode(generator.choice(["cp1252", "utf-8"])) for line in lines
        )
    else:
        data = "".join(line + newline for line in lines).encode(encoding)
    if generator.random() < 0.15:  # a download cut short
        data = data[: generator.randrange(len(data) // 2, len(data))]
    return data


def forbidden_words() -> list[str]:
    words = [part for name in NAMES for part in name.split()]
    words += [part for street in STREETS for part in street.split()]
    words += [str(4321 + index) for index in range(len(BODIES))]
    for body in BODIES:
        words += [str(body), format_rut(body), format_rut(body)[:-2], f"{body}-{check_digit(body)}"]
    return words


def physical_data_lines(data: bytes, encoding: str) -> int:
    text = data.decode(
        "utf-16" if encoding == "utf-16" else "utf-8-sig" if encoding == "utf-8-sig" else encoding
    )
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return len(lines) - 1


def test_damaged_extracts_balance_and_leak_nothing(tmp_path: Path) -> None:
    generator = random.Random(9)
    outcomes = {"loaded": 0, "refused": 0}
    with duckdb.connect() as con:
        for case in range(CASES):
            data = damaged_extract(generator)
            path = tmp_path / f"caso_{case}" / "e.csv"
            path.parent.mkdir()
            path.write_bytes(data)
            landed = LandedExtract(
                source=ALIMENTOS_ENTREGAS.source,
                location=f"oficina/caso-{case}/e.csv",  # one extract per case
                file_name="e.csv",
                path=str(path),
                sha256=hashlib.sha256(data).hexdigest(),
                size_bytes=len(data),
                landed_at="2020-06-01T12:00:00+00:00",
                is_demo=True,
                status="new",
            )
            try:
                result = load_extract(con, landed, ALIMENTOS_ENTREGAS, "clave")
            except ContractError as error:
                assert str(error).startswith("e.csv: line "), (case, str(error))
                outcomes["refused"] += 1
                continue
            outcomes["loaded"] += 1
            [log] = con.execute(
                "select encoding, data_lines, rows_loaded, rows_quarantined, rows_skipped, "
                "rows_blank, lines_joined from raw.extract_loads where load_id = ?",
                [result.load_id],
            ).fetchall()
            encoding, lines, *parts = log
            assert lines == physical_data_lines(data, encoding), case
            assert lines == sum(parts), (case, log)
            stored = con.execute(
                "select (select count(*) from raw.alimentos_entregas where _load_id = $id), "
                "(select count(*) from raw.quarantine where load_id = $id)",
                {"id": result.load_id},
            ).fetchone()
            assert stored == (result.rows_loaded, result.rows_quarantined), case
        assert personal_data_found(con, forbidden_words()) == []
    assert outcomes["loaded"] > CASES // 3 and outcomes["refused"] > CASES // 10, outcomes
