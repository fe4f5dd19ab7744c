"""FONDES applications export (.xlsx): contract, demo, noise and its handling."""

from __future__ import annotations

from collections import Counter

import duckdb

from ingestion.contracts import header_key
from ingestion.demo import fondes_proyectos as demo
from ingestion.demo.common import DEMO_YEARS, published_cells, read_seed
from ingestion.reading import read_extract
from ingestion.sources.fondes_proyectos import CONTRACT

HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")

# The pipeline's rule (int_fondes__proyectos_classified and the printed-table mart) over the
# raw table: an application exported twice keeps its folio and counts once; the table counts
# the organisations of Huasco awarded in the 2020 contest (not the withdrawn ones).
AWARDED_SQL = f"""
with applications as (
    select folio, any_value(anio) as anio, any_value(rut_organizacion_hash) as organizacion,
        any_value(upper(strip_accents(trim(comuna)))) as comuna_key,
        any_value(tipo_organizacion) as tipo, any_value(monto_adjudicado) as monto,
        any_value(upper(strip_accents(trim(estado)))) as estado
    from raw.fondes_proyectos
    group by folio
)
select * from applications
where anio = 2020 and estado = 'ADJUDICADO' and comuna_key in {HUASCO}
"""


def printed() -> dict[tuple[str, str], int]:
    return {
        (cell["row_label"], cell["column_label"]): int(float(cell["value"]))
        for cell in published_cells("fondes_organizaciones", 2020)
    }


def table_2020(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], int]:
    """The printed cells, computed from the raw table with the seed's type mapping."""
    label_by_type = {
        header_key(row["tipo_organizacion_sistema"]): row["tipo_organizacion"]
        for row in read_seed("fondes_tipos_organizacion")
    }
    organisations: dict[str, set[str]] = {}
    amounts: Counter[str] = Counter()
    for organisation, system_type, amount in con.execute(
        f"select organizacion, tipo, monto from ({AWARDED_SQL})"
    ).fetchall():
        label = label_by_type[header_key(system_type)]
        organisations.setdefault(label, set()).add(organisation)
        amounts[label] += amount
    cells_ = {}
    for label, members in organisations.items():
        cells_[(label, demo.COUNT_COLUMN)] = len(members)
        cells_[(label, demo.AMOUNT_COLUMN)] = amounts[label]
    return cells_


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, cells, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.rejects == []
    assert read.data_rows == len(cells(demo_file)) - 1
    assert result.rows_quarantined == 0
    assert result.rows_loaded == read.data_rows
    columns = [row[0] for row in con.execute("describe raw.fondes_proyectos").fetchall()]
    assert "rut_organizacion_hash" in columns and "rut_organizacion" not in columns
    assert "nombre_organizacion" in columns  # a legal person's name is public


def test_amounts_come_as_numbers_and_as_text(demo_file, loaded, cells):
    rows = cells(demo_file)[1:]
    requested = [row[9] for row in rows]
    assert any(isinstance(value, float) for value in requested)
    assert any(isinstance(value, str) and value.startswith("$ ") for value in requested)
    assert any(row[10] == "" for row in rows)  # not awarded: no amount
    con, _ = loaded
    [(unread,)] = con.execute(
        "select count(*) from raw.fondes_proyectos where monto_solicitado is null"
    ).fetchall()
    assert unread == 0


def test_noise_is_present(loaded):
    con, _ = loaded
    [(copies,)] = con.execute(
        "select count(*) - count(distinct folio) from raw.fondes_proyectos"
    ).fetchall()
    assert copies == demo.DUPLICATED_EXPORTS
    [(copied_award,)] = con.execute(
        f"select count(*) from raw.fondes_proyectos where folio in (select folio from "
        f"({AWARDED_SQL})) group by folio order by 1 desc limit 1"
    ).fetchall()
    assert copied_award == 2  # one of Huasco's awards is exported twice
    states = dict(
        con.execute(
            "select upper(strip_accents(estado)), count(*) from raw.fondes_proyectos "
            "where anio = 2020 group by 1"
        ).fetchall()
    )
    assert set(states) == {"ADJUDICADO", "NO ADJUDICADO", "DESISTIDO"}
    [(withdrawn_with_amount,)] = con.execute(
        "select count(*) from raw.fondes_proyectos "
        "where upper(estado) = 'DESISTIDO' and monto_adjudicado is not null"
    ).fetchall()
    assert withdrawn_with_amount > 0
    years = {
        row[0] for row in con.execute("select distinct anio from raw.fondes_proyectos").fetchall()
    }
    assert years == {2019, 2020, 2021}
    comunas = {
        row[0] for row in con.execute("select distinct comuna from raw.fondes_proyectos").fetchall()
    }
    assert {"Copiapó", "COPIAPO", "Alto del Carmen", "ALTO DEL CARMEN"} <= comunas


def test_every_system_type_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {
        header_key(row["tipo_organizacion_sistema"])
        for row in read_seed("fondes_tipos_organizacion")
    }
    types = {
        row[0]
        for row in con.execute(
            "select distinct tipo_organizacion from raw.fondes_proyectos"
        ).fetchall()
    }
    assert {header_key(label) for label in types} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert table_2020(con) == printed()
    [(organisations, comunas, amount)] = con.execute(
        f"select count(distinct organizacion), count(distinct comuna_key), sum(monto) "
        f"from ({AWARDED_SQL})"
    ).fetchall()
    texts = {
        row["figure_id"]: int(float(row["value"]))
        for row in read_seed("published_figures")
        if row["figure_id"].startswith("fondes__texto__")
    }
    assert organisations == texts["fondes__texto__organizaciones_beneficiadas"]
    assert comunas == texts["fondes__texto__comunas"]
    assert amount == texts["fondes__texto__monto_total"]


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive_rows, naive_amount)] = con.execute(
        "select count(*), sum(monto_adjudicado) from raw.fondes_proyectos where anio = 2020"
    ).fetchall()
    totals = Counter()
    for (_, column), value in printed().items():
        totals[column] += value
    assert naive_rows > totals[demo.COUNT_COLUMN]
    assert naive_amount > totals[demo.AMOUNT_COLUMN]


def test_scale_grows_only_outside_huasco_2020(demo_files, cells, load, tmp_path):
    larger = [path for year in DEMO_YEARS for path in demo.generate(tmp_path, 3, year=year)]
    rows = sum(len(cells(path)) - 1 for path in larger)
    assert rows > 2.5 * sum(len(cells(path)) - 1 for path in demo_files)
    con, _ = load(larger[DEMO_YEARS.index(2020)])
    assert table_2020(con) == printed()
