"""«Con Buena Energía» attendance workbook (.xlsx): contract, demo, noise and its handling."""

from __future__ import annotations

from collections import Counter
from datetime import date

import duckdb

from ingestion.demo import convenio_buena_energia_asistentes as demo
from ingestion.demo.common import published_cells
from ingestion.reading import read_extract
from ingestion.sources.convenio_buena_energia_asistentes import CONTRACT

HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")

# The pipeline's rule (int_convenios__buena_energia_asistencias_classified and the marts)
# over the raw table: signatures repeated on the same sheet count once; a beneficiary is a
# person once a year, in the comuna of their first workshop of the year.
BENEFICIARIES_SQL = """
with signatures as (
    select distinct rut_asistente_hash, fecha_taller,
        upper(strip_accents(trim(comuna))) as comuna_key, lower(strip_accents(trim(taller)))
    from raw.convenio_buena_energia_asistentes
)
select rut_asistente_hash, year(fecha_taller) as anio,
    arg_min(comuna_key, fecha_taller) as comuna_key, count(*) as talleres
from signatures
group by 1, 2
"""


def printed() -> dict[str, int]:
    return {
        cell["row_label"].upper(): int(float(cell["value"]))
        for cell in published_cells("convenio_buena_energia", 2020)
    }


def huasco_2020(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(
        con.execute(
            f"select comuna_key, count(*) from ({BENEFICIARIES_SQL}) "
            f"where anio = 2020 and comuna_key in {HUASCO} group by 1"
        ).fetchall()
    )


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, cells, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.rejects == []
    assert read.data_rows == len(cells(demo_file)) - 1
    assert result.rows_quarantined == demo.INVALID_RUT_ROWS
    assert result.rows_loaded == read.data_rows - demo.INVALID_RUT_ROWS
    assert result.rows_quarantined <= max(5, 0.01 * read.data_rows)  # the refresh's threshold
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {"RUT: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS}


def test_names_and_phones_never_load(loaded):
    con, _ = loaded
    columns = [
        row[0] for row in con.execute("describe raw.convenio_buena_energia_asistentes").fetchall()
    ]
    assert "nombre" not in columns and "telefono" not in columns
    assert "rut_asistente_hash" in columns and "rut_asistente" not in columns


def test_cells_come_as_an_office_keeps_them(demo_file, cells):
    rows = cells(demo_file)[1:]
    assert all(isinstance(row[0], date) for row in rows)
    certificates = {row[7] for row in rows}
    assert {True, False} <= certificates  # real TRUE/FALSE cells...
    assert {"Sí", "SI", "No", "NO"} <= certificates  # ...and typed text
    assert any(row[6] == "" for row in rows)  # blank phone cells
    assert any(row[1] == "Vallenar " for row in rows)  # a trailing space the loader trims


def test_noise_is_present(loaded):
    con, _ = loaded
    [(repeated,)] = con.execute(
        """
        select coalesce(sum(n - 1), 0) from (
            select count(*) as n from raw.convenio_buena_energia_asistentes
            group by rut_asistente_hash, fecha_taller, taller)
        """
    ).fetchall()
    assert repeated >= demo.DUPLICATED_SIGNATURES
    years = {
        row[0]
        for row in con.execute(
            "select distinct year(fecha_taller) from raw.convenio_buena_energia_asistentes"
        ).fetchall()
    }
    assert years == {2019, 2020, 2021}
    spellings = {
        row[0]
        for row in con.execute(
            "select distinct comuna from raw.convenio_buena_energia_asistentes"
        ).fetchall()
    }
    assert {"Copiapó", "COPIAPO", "Copiapo", "Vallenar", "VALLENAR"} <= spellings
    [(cross_comuna,)] = con.execute(
        """
        select count(*) from (
            select rut_asistente_hash from raw.convenio_buena_energia_asistentes
            where year(fecha_taller) = 2020
            group by 1 having count(distinct upper(strip_accents(trim(comuna)))) > 1)
        """
    ).fetchall()
    assert cross_comuna == demo.CROSS_COMUNA_RETURNS


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert huasco_2020(con) == printed()


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    naive = dict(
        con.execute(
            "select upper(trim(comuna)), count(*) from raw.convenio_buena_energia_asistentes "
            f"where year(fecha_taller) = 2020 and upper(trim(comuna)) in {HUASCO} group by 1"
        ).fetchall()
    )
    assert sum(naive.values()) > sum(printed().values())


def test_scale_grows_only_outside_huasco_2020(tmp_path, load):
    small = demo.people_per_comuna(1)
    large = demo.people_per_comuna(3)
    for key, (people, sessions) in small.items():
        expected = people if key[0] == 2020 and key[1].upper() in HUASCO else 3 * people
        assert large[key] == (expected, sessions)
    [path] = demo.generate(tmp_path, 3, year=2020)
    con, _ = load(path)
    assert huasco_2020(con) == printed()
