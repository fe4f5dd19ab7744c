"""PIDI (CONADI) activity log (`;` CSV): contract, demo, noise and its handling."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest

from ingestion.contracts import header_key
from ingestion.demo import convenio_pidi_actividades as demo
from ingestion.demo.common import published_cells, read_seed
from ingestion.reading import read_extract
from ingestion.sources.convenio_pidi_actividades import CONTRACT

HEADER = "N°;FECHA;TIPO DE ACTIVIDAD;DETALLE;COMUNA;LOCALIDAD"

# The pipeline's rule (int_convenios__pidi_actividades_classified) over the raw table: a row
# copied when sheets were merged keeps its N° and counts once.
RECORDS_SQL = """
select numero_registro, any_value(fecha_actividad) as fecha_actividad,
    any_value(upper(strip_accents(trim(tipo_actividad)))) as tipo_key
from raw.convenio_pidi_actividades
group by numero_registro
"""


def printed() -> dict[str, int]:
    return {
        cell["row_label"]: int(float(cell["value"]))
        for cell in published_cells("convenio_pidi", 2020)
    }


def counted_2020(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Records of 2020 per printed row, mapping the typed labels with the seed."""
    row_by_label = {
        header_key(row["categoria_registrada"]): row["detalle_actividad"]
        for row in read_seed("convenios_pidi_categorias")
    }
    per_row: Counter[str] = Counter()
    for tipo_key, count in con.execute(
        f"select tipo_key, count(*) from ({RECORDS_SQL}) "
        "where year(fecha_actividad) = 2020 group by 1"
    ).fetchall():
        per_row[row_by_label[header_key(tipo_key)]] += count
    return dict(per_row)


def test_export_format(demo_file):
    raw = demo_file.read_bytes()
    assert b"\r\n" in raw
    assert raw.split(b"\r\n", 1)[0].decode("cp1252") == HEADER
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "cp1252"
    assert read.rejects == []
    lines = demo_file.read_bytes().decode("cp1252").splitlines()
    assert read.data_rows == len(lines) - 1
    bad = len(demo.IMPOSSIBLE_DATES) + demo.ROWS_WITHOUT_TYPE
    assert result.rows_quarantined == bad
    assert result.rows_loaded == read.data_rows - bad
    assert result.rows_quarantined <= max(5, 0.01 * read.data_rows)  # the refresh's threshold
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {
        "FECHA: «31/04/2020» no es una fecha dd/mm/aaaa": 1,
        "FECHA: «30/02/2020» no es una fecha dd/mm/aaaa": 1,
        "TIPO DE ACTIVIDAD: vacío": demo.ROWS_WITHOUT_TYPE,
    }


def test_noise_is_present(loaded):
    con, _ = loaded
    [(copies,)] = con.execute(
        "select count(*) - count(distinct numero_registro) from raw.convenio_pidi_actividades"
    ).fetchall()
    records = sum(demo.activities_per_row(1).values())
    assert copies == int(records * demo.DUPLICATE_SHARE) > 0
    years = {
        row[0]
        for row in con.execute(
            "select distinct year(fecha_actividad) from raw.convenio_pidi_actividades"
        ).fetchall()
    }
    assert years == {2019, 2020, 2021}
    types = {
        row[0]
        for row in con.execute(
            "select distinct tipo_actividad from raw.convenio_pidi_actividades"
        ).fetchall()
    }
    assert {"Atención general", "ATENCIÓN GENERAL", "Atención gral."} <= types
    comunas = {
        row[0]
        for row in con.execute(
            "select distinct comuna from raw.convenio_pidi_actividades"
        ).fetchall()
    }
    assert {"Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"} <= comunas


def test_every_typed_label_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {
        header_key(row["categoria_registrada"]) for row in read_seed("convenios_pidi_categorias")
    }
    types = {
        row[0]
        for row in con.execute(
            "select distinct tipo_actividad from raw.convenio_pidi_actividades"
        ).fetchall()
    }
    assert {header_key(label) for label in types} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert counted_2020(con) == printed()


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive,)] = con.execute(
        "select count(*) from raw.convenio_pidi_actividades where year(fecha_actividad) = 2020"
    ).fetchall()
    assert naive > sum(printed().values())


def test_scale_grows_only_outside_2020(tmp_path, load):
    small = demo.activities_per_row(1)
    large = demo.activities_per_row(3)
    for (year, row), count in small.items():
        assert large[(year, row)] == (count if year == 2020 else 3 * count)
    [path] = demo.generate(tmp_path, 3, year=2020)
    con, _ = load(path)
    assert counted_2020(con) == printed()
