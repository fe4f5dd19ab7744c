"""ORASMI request ledger (.xlsx): contract, demo workbook, noise and how it is handled."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ingestion.demo import orasmi_solicitudes as demo
from ingestion.demo.common import published_cells, read_seed
from ingestion.reading import read_extract
from ingestion.sources.orasmi_solicitudes import CONTRACT

HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")
# 2019 and 2020 are one ledger split by year; 2021 is drawn on its own, with its own copies.
COPIED_ROWS = demo.HUASCO_DUPLICATES + 2 * demo.OTHER_DUPLICATES
INVALID_RUTS = 2 * demo.INVALID_RUT_ROWS

# The pipeline's rules (int_orasmi__solicitudes_*) in one query over the raw table: copies
# dropped, reversals subtracted whatever their sign, a request attended when its payments
# exceed its reversals, in the year of its last payment.
REQUESTS_SQL = """
with movements as (
    select distinct numero_solicitud, estado, fecha_estado, monto,
        upper(strip_accents(trim(comuna))) as comuna_key,
        lower(strip_accents(trim(area))) as area_key,
        upper(substr(trim(sexo), 1, 1)) as sexo, jefatura_hogar
    from raw.orasmi_solicitudes
),
requests as (
    select numero_solicitud,
        sum(case lower(estado) when 'pagada' then monto when 'reversada' then -abs(monto)
            else 0 end) as neto,
        max(case when lower(estado) = 'pagada' then fecha_estado end) as pagado,
        any_value(comuna_key) as comuna_key, any_value(area_key) as area_key,
        bool_or(sexo = 'F' and jefatura_hogar) as mujer_jefa
    from movements
    group by numero_solicitud
)
select * from requests
where neto > 0 and year(pagado) = 2020 and comuna_key in ('VALLENAR', 'HUASCO', 'FREIRINA',
    'ALTO DEL CARMEN')
"""


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, cells, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.rejects == []
    assert read.data_rows == len(cells(demo_file)) - 1
    assert result.rows_loaded == read.data_rows - result.rows_quarantined
    every_row = sum(len(cells(path)) - 1 for path in demo_files)
    assert sum(r.rows_quarantined for r in results) == INVALID_RUTS
    assert sum(r.rows_loaded for r in results) == every_row - INVALID_RUTS
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {"RUT: RUT inválido (dígito verificador o formato)": INVALID_RUTS}


def test_names_never_load(loaded):
    con, _ = loaded
    columns = [row[0] for row in con.execute("describe raw.orasmi_solicitudes").fetchall()]
    assert "nombre" not in columns
    assert "rut_solicitante_hash" in columns and "rut_solicitante" not in columns


def test_cells_come_typed_and_as_text(demo_files, loaded, cells):
    rows = [row for path in demo_files for row in cells(path)[1:]]
    amounts = [row[10] for row in rows]
    assert any(isinstance(a, float) for a in amounts)
    assert any(isinstance(a, str) and a.startswith("$ ") for a in amounts)
    assert any(isinstance(a, str) and a.startswith("-$ ") for a in amounts)
    assert any(isinstance(row[12], date) for row in rows)
    assert any(isinstance(row[12], str) and row[12].count("/") == 2 for row in rows)
    assert any(isinstance(row[6], bool) for row in rows)
    assert {"F", "M", "Femenino", "Masculino"} <= {row[5] for row in rows}
    con, _ = loaded
    # every amount typed as text parsed (none quarantined, none lost)
    [(empty_paid,)] = con.execute(
        "select count(*) from raw.orasmi_solicitudes "
        "where estado in ('Pagada', 'Reversada') and monto is null"
    ).fetchall()
    assert empty_paid == 0


def test_noise_is_present(loaded):
    con, _ = loaded
    states = dict(
        con.execute("select estado, count(*) from raw.orasmi_solicitudes group by 1").fetchall()
    )
    assert set(states) == {"Pagada", "Rechazada", "Anulada", "Reversada"}
    # reversals typed with and without the minus sign
    signs = dict(
        con.execute(
            "select monto < 0, count(*) from raw.orasmi_solicitudes "
            "where estado = 'Reversada' group by 1"
        ).fetchall()
    )
    assert signs[True] > 0 and signs[False] > 0
    # requests paid, reversed and paid again
    [(paid_again,)] = con.execute(
        """
        select count(*) from (
            select numero_solicitud from raw.orasmi_solicitudes where estado = 'Pagada'
            group by 1 having count(distinct fecha_estado) > 1)
        """
    ).fetchall()
    assert paid_again >= demo.HUASCO_PAID_AGAIN
    # rows copied twice: the extra copies are exactly the ones the generator added
    [(copies,)] = con.execute(
        """
        select sum(n - 1) from (
            select count(*) as n from raw.orasmi_solicitudes
            group by numero_solicitud, estado, fecha_estado, monto)
        """
    ).fetchall()
    assert copies == COPIED_ROWS
    years = {
        row[0]
        for row in con.execute(
            "select distinct year(fecha_estado) from raw.orasmi_solicitudes"
        ).fetchall()
    }
    assert years == {2019, 2020, 2021}
    spellings = {
        row[0]
        for row in con.execute("select distinct comuna from raw.orasmi_solicitudes").fetchall()
    }
    assert {"COPIAPO", "Copiapó", "Chañaral", "Chanaral"} <= spellings
    areas = {
        row[0] for row in con.execute("select distinct area from raw.orasmi_solicitudes").fetchall()
    }
    assert {"Habitabilidad", "HABITABILIDAD", "Educacion", "Educación"} <= areas


def test_every_area_label_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {_key(row["area_origen"]) for row in read_seed("orasmi_areas")}
    areas = {
        row[0] for row in con.execute("select distinct area from raw.orasmi_solicitudes").fetchall()
    }
    assert {_key(area) for area in areas} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    """Counted as the dbt models count, Huasco in 2020 is exactly what the report printed."""
    con, _ = loaded
    amounts, requests, women_heads = demo.published_targets()
    attended = con.execute(
        f"select count(*), sum(mujer_jefa::int) from ({REQUESTS_SQL})"
    ).fetchall()
    assert attended == [(requests, women_heads)]
    assert round(100 * women_heads / requests) == 70
    label_by_key = {
        _key(row["area_origen"]): row["etiqueta_publicada"] for row in read_seed("orasmi_areas")
    }
    per_area = Counter()
    for area_key, amount in con.execute(
        f"select area_key, sum(neto) from ({REQUESTS_SQL}) group by 1"
    ).fetchall():
        per_area[label_by_key[_key(area_key)]] += int(amount)
    printed = {
        cell["row_label"]: int(float(cell["value"]))
        for cell in published_cells(demo.TABLE_ID, 2020)
    }
    assert dict(per_area) == printed
    assert sorted(amounts.values()) == sorted(printed.values())


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive,)] = con.execute(
        "select count(*) from raw.orasmi_solicitudes where year(fecha_estado) = 2020 and "
        f"upper(strip_accents(comuna)) in {HUASCO}"
    ).fetchall()
    _, requests, _ = demo.published_targets()
    assert naive > requests
    # requests of December 2019 paid in January 2020 count in 2020; Dec 2020 -> Jan 2021 not
    [(from_2019,)] = con.execute(
        f"""
        select count(distinct numero_solicitud) from ({REQUESTS_SQL}) as attended
        join raw.orasmi_solicitudes using (numero_solicitud)
        where year(fecha_solicitud) = 2019
        """
    ).fetchall()
    assert from_2019 > 0


def test_scale_grows_only_outside_huasco_2020(cells, load, tmp_path):
    totals, sizes = [], []
    for name, scale in (("small", 1), ("large", 2)):
        # the requests asked in December 2019 and paid in 2020 are in the 2019 file
        paths = [demo.generate(tmp_path / name, scale, year=y)[0] for y in (2019, 2020)]
        sizes.append(sum(len(cells(path)) for path in paths))
        con, _ = load(*paths)
        totals.append(con.execute(f"select count(*), sum(neto) from ({REQUESTS_SQL})").fetchone())
    assert sizes[1] > 1.8 * sizes[0]
    assert totals[0] == totals[1]


def _key(label: str) -> str:
    return label.lower().translate(str.maketrans("áéíóúüñ", "aeiouun")).strip()
