"""PIDI (CONADI) activity log (`;` CSV): contract, demo, noise and its handling."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingestion.contracts import header_key
from ingestion.demo import convenio_pidi_actividades as demo
from ingestion.demo.common import published_cells, read_seed
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.convenio_pidi_actividades import CONTRACT

KEY = "clave-de-prueba"
HEADER = "N°;FECHA;TIPO DE ACTIVIDAD;DETALLE;COMUNA;LOCALIDAD"

# The pipeline's rule (int_convenios__pidi_actividades_classified) over the raw table: a row
# copied when sheets were merged keeps its N° and counts once.
RECORDS_SQL = """
select numero_registro, any_value(fecha_actividad) as fecha_actividad,
    any_value(upper(strip_accents(trim(tipo_actividad)))) as tipo_key
from raw.convenio_pidi_actividades
group by numero_registro
"""


def landed(path: Path) -> LandedExtract:
    data = path.read_bytes()
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at="2021-03-01T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


def sql(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def printed() -> dict[str, int]:
    return {
        cell["row_label"]: int(float(cell["value"]))
        for cell in published_cells("convenio_pidi_2020")
    }


def counted_2020(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Records of 2020 per printed row, mapping the typed labels with the seed."""
    row_by_label = {
        header_key(row["categoria_registrada"]): row["detalle_actividad"]
        for row in read_seed("convenios_pidi_categorias")
    }
    per_row: Counter[str] = Counter()
    for tipo_key, count in sql(
        con,
        f"select tipo_key, count(*) from ({RECORDS_SQL}) "
        "where year(fecha_actividad) = 2020 group by 1",
    ):
        per_row[row_by_label[header_key(tipo_key)]] += count
    return dict(per_row)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("pidi"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def test_demo_file_is_the_configured_one(demo_file):
    assert demo_file.name == Path(demo.DEMO_FILES[0]).name == CONTRACT.file_pattern


def test_export_format(demo_file):
    raw = demo_file.read_bytes()
    assert b"\r\n" in raw
    assert raw.split(b"\r\n", 1)[0].decode("cp1252") == HEADER
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252


def test_demo_parses_and_loads_with_expected_counts(demo_file, loaded, tmp_path):
    con, result = loaded
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "cp1252"
    assert read.rejects == []
    lines = demo_file.read_bytes().decode("cp1252").splitlines()
    assert read.data_rows == len(lines) - 1
    bad = len(demo.IMPOSSIBLE_DATES) + demo.ROWS_WITHOUT_TYPE
    assert result.rows_quarantined == bad
    assert result.rows_loaded == read.data_rows - bad
    assert result.rows_quarantined <= 0.01 * read.data_rows  # the refresh's threshold
    reasons = Counter(row[0] for row in sql(con, "select reason from raw.quarantine"))
    assert reasons == {
        "FECHA: «31/04/2020» no es una fecha dd/mm/aaaa": 1,
        "FECHA: «30/02/2020» no es una fecha dd/mm/aaaa": 1,
        "TIPO DE ACTIVIDAD: vacío": demo.ROWS_WITHOUT_TYPE,
    }


def test_noise_is_present(loaded):
    con, _ = loaded
    [(copies,)] = sql(
        con,
        "select count(*) - count(distinct numero_registro) from raw.convenio_pidi_actividades",
    )
    records = sum(demo.activities_per_row(1).values())
    assert copies == int(records * demo.DUPLICATE_SHARE) > 0
    years = {
        row[0]
        for row in sql(
            con, "select distinct year(fecha_actividad) from raw.convenio_pidi_actividades"
        )
    }
    assert years == {2019, 2020, 2021}
    types = {
        row[0]
        for row in sql(con, "select distinct tipo_actividad from raw.convenio_pidi_actividades")
    }
    assert {"Atención general", "ATENCIÓN GENERAL", "Atención gral."} <= types
    comunas = {
        row[0] for row in sql(con, "select distinct comuna from raw.convenio_pidi_actividades")
    }
    assert {"Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"} <= comunas


def test_every_typed_label_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {
        header_key(row["categoria_registrada"]) for row in read_seed("convenios_pidi_categorias")
    }
    types = {
        row[0]
        for row in sql(con, "select distinct tipo_actividad from raw.convenio_pidi_actividades")
    }
    assert {header_key(label) for label in types} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert counted_2020(con) == printed()


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive,)] = sql(
        con,
        "select count(*) from raw.convenio_pidi_actividades where year(fecha_actividad) = 2020",
    )
    assert naive > sum(printed().values())


def test_missing_column_is_a_contract_error(tmp_path):
    path = tmp_path / "sin_comuna.csv"
    path.write_bytes(
        "N°;FECHA;TIPO DE ACTIVIDAD;DETALLE;LOCALIDAD\r\n1;02/03/2020;Reunión;x;\r\n".encode(
            "cp1252"
        )
    )
    with pytest.raises(ContractError, match="missing columns: COMUNA"):
        read_extract(path, CONTRACT, tmp_path)


def test_undecodable_and_empty_files_are_contract_errors(tmp_path):
    broken = tmp_path / "rota.csv"
    broken.write_bytes(HEADER.encode("cp1252") + b"\r\n1;02/03/2020;Reuni\x81n;x;Vallenar;\r\n")
    with pytest.raises(ContractError, match="cannot be decoded"):
        read_extract(broken, CONTRACT, tmp_path)
    empty = tmp_path / "vacia.csv"
    empty.write_bytes(b"")
    with pytest.raises(ContractError, match="empty"):
        read_extract(empty, CONTRACT, tmp_path)


def test_generator_is_deterministic(demo_file, tmp_path):
    [again] = demo.generate(tmp_path, 1)
    assert again.read_bytes() == demo_file.read_bytes()


def test_scale_grows_only_outside_2020(tmp_path):
    small = demo.activities_per_row(1)
    large = demo.activities_per_row(3)
    for (year, row), count in small.items():
        assert large[(year, row)] == (count if year == 2020 else 3 * count)
    [path] = demo.generate(tmp_path, 3)
    con = duckdb.connect()
    load_extract(con, landed(path), CONTRACT, KEY)
    assert counted_2020(con) == printed()
