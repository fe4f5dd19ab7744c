"""ORASMI request ledger (.xlsx): contract, demo workbook, noise and how it is handled."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.demo import orasmi_solicitudes as demo
from ingestion.demo.common import published_cells, read_seed
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.orasmi_solicitudes import CONTRACT

KEY = "clave-de-prueba"
HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")
COPIED_ROWS = demo.HUASCO_DUPLICATES + demo.OTHER_DUPLICATES

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


def landed(path: Path) -> LandedExtract:
    data = path.read_bytes()
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at="2021-02-16T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


def cells(path: Path) -> list[list]:
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Solicitudes").iter_rows())


def write_workbook(path: Path, rows: list[list], sheet: str = "Solicitudes") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            worksheet.write(row_index, column, value)
    workbook.close()
    return path


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("orasmi"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def sql(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def test_demo_file_is_the_configured_one(demo_file):
    assert demo_file.name == Path(demo.DEMO_FILES[0]).name
    assert demo_file.suffix == ".xlsx"


def test_demo_parses_and_loads_with_expected_counts(demo_file, loaded, tmp_path):
    con, result = loaded
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.rejects == []
    assert read.data_rows == len(cells(demo_file)) - 1
    assert result.rows_quarantined == demo.INVALID_RUT_ROWS
    assert result.rows_loaded == read.data_rows - demo.INVALID_RUT_ROWS
    reasons = Counter(row[0] for row in sql(con, "select reason from raw.quarantine"))
    assert reasons == {"RUT: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS}


def test_names_never_load(loaded):
    con, _ = loaded
    columns = [row[0] for row in sql(con, "describe raw.orasmi_solicitudes")]
    assert "nombre" not in columns
    assert "rut_solicitante_hash" in columns and "rut_solicitante" not in columns


def test_cells_come_typed_and_as_text(demo_file, loaded):
    rows = cells(demo_file)[1:]
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
    [(empty_paid,)] = sql(
        con,
        "select count(*) from raw.orasmi_solicitudes "
        "where estado in ('Pagada', 'Reversada') and monto is null",
    )
    assert empty_paid == 0


def test_noise_is_present(loaded):
    con, _ = loaded
    states = dict(sql(con, "select estado, count(*) from raw.orasmi_solicitudes group by 1"))
    assert set(states) == {"Pagada", "Rechazada", "Anulada", "Reversada"}
    # reversals typed with and without the minus sign
    signs = dict(
        sql(
            con,
            "select monto < 0, count(*) from raw.orasmi_solicitudes "
            "where estado = 'Reversada' group by 1",
        )
    )
    assert signs[True] > 0 and signs[False] > 0
    # requests paid, reversed and paid again
    [(paid_again,)] = sql(
        con,
        """
        select count(*) from (
            select numero_solicitud from raw.orasmi_solicitudes where estado = 'Pagada'
            group by 1 having count(distinct fecha_estado) > 1)
        """,
    )
    assert paid_again >= demo.HUASCO_PAID_AGAIN
    # rows copied twice: the extra copies are exactly the ones the generator added
    [(copies,)] = sql(
        con,
        """
        select sum(n - 1) from (
            select count(*) as n from raw.orasmi_solicitudes
            group by numero_solicitud, estado, fecha_estado, monto)
        """,
    )
    assert copies == COPIED_ROWS
    years = {
        row[0] for row in sql(con, "select distinct year(fecha_estado) from raw.orasmi_solicitudes")
    }
    assert years == {2019, 2020, 2021}
    spellings = {row[0] for row in sql(con, "select distinct comuna from raw.orasmi_solicitudes")}
    assert {"COPIAPO", "Copiapó", "Chañaral", "Chanaral"} <= spellings
    areas = {row[0] for row in sql(con, "select distinct area from raw.orasmi_solicitudes")}
    assert {"Habitabilidad", "HABITABILIDAD", "Educacion", "Educación"} <= areas


def test_every_area_label_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {_key(row["area_origen"]) for row in read_seed("orasmi_areas")}
    areas = {row[0] for row in sql(con, "select distinct area from raw.orasmi_solicitudes")}
    assert {_key(area) for area in areas} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    """Counted as the dbt models count, Huasco in 2020 is exactly what the report printed."""
    con, _ = loaded
    amounts, requests, women_heads = demo.published_targets()
    attended = sql(con, f"select count(*), sum(mujer_jefa::int) from ({REQUESTS_SQL})")
    assert attended == [(requests, women_heads)]
    assert round(100 * women_heads / requests) == 70
    label_by_key = {
        _key(row["area_origen"]): row["etiqueta_publicada"] for row in read_seed("orasmi_areas")
    }
    per_area = Counter()
    for area_key, amount in sql(
        con, f"select area_key, sum(neto) from ({REQUESTS_SQL}) group by 1"
    ):
        per_area[label_by_key[_key(area_key)]] += int(amount)
    printed = {
        cell["row_label"]: int(float(cell["value"])) for cell in published_cells(demo.TABLE_ID)
    }
    assert dict(per_area) == printed
    assert sorted(amounts.values()) == sorted(printed.values())


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive,)] = sql(
        con,
        "select count(*) from raw.orasmi_solicitudes where year(fecha_estado) = 2020 and "
        f"upper(strip_accents(comuna)) in {HUASCO}",
    )
    _, requests, _ = demo.published_targets()
    assert naive > requests
    # requests of December 2019 paid in January 2020 count in 2020; Dec 2020 -> Jan 2021 not
    [(from_2019,)] = sql(
        con,
        f"""
        select count(distinct numero_solicitud) from ({REQUESTS_SQL}) as attended
        join raw.orasmi_solicitudes using (numero_solicitud)
        where year(fecha_solicitud) = 2019
        """,
    )
    assert from_2019 > 0


def test_missing_column_is_a_contract_error(demo_file, tmp_path):
    rows = [row[:-1] for row in cells(demo_file)[:5]]
    path = write_workbook(tmp_path / "sin_tramo.xlsx", [[str(c) for c in row] for row in rows])
    with pytest.raises(ContractError, match="missing columns: TRAMO RSH"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_corrupt_and_empty_workbooks_are_contract_errors(demo_file, tmp_path):
    header = [column.header for column in CONTRACT.columns]
    wrong_sheet = write_workbook(tmp_path / "hoja.xlsx", [header], sheet="Hoja1")
    with pytest.raises(ContractError, match="sheet 'Solicitudes' not found"):
        read_extract(wrong_sheet, CONTRACT, tmp_path)
    corrupt = tmp_path / "corrupta.xlsx"
    corrupt.write_bytes(demo_file.read_bytes()[:2_000])
    with pytest.raises(ContractError, match=r"not a readable \.xlsx workbook"):
        read_extract(corrupt, CONTRACT, tmp_path)
    empty = write_workbook(tmp_path / "vacia.xlsx", [])
    with pytest.raises(ContractError, match="empty"):
        read_extract(empty, CONTRACT, tmp_path)


def test_generator_is_deterministic(demo_file, tmp_path):
    [again] = demo.generate(tmp_path, 1)
    assert cells(again) == cells(demo_file)
    assert again.read_bytes() == demo_file.read_bytes()


def test_scale_grows_only_outside_huasco_2020(tmp_path):
    [small] = demo.generate(tmp_path / "small", 1)
    [large] = demo.generate(tmp_path / "large", 2)
    assert len(cells(large)) > 1.8 * len(cells(small))
    con = duckdb.connect()
    for name, path in (("small", small), ("large", large)):
        load_extract(con, landed(path), CONTRACT, KEY)
        con.execute(f"create table {name} as {REQUESTS_SQL}")
        con.execute("delete from raw.orasmi_solicitudes")
    assert (
        con.execute("select count(*), sum(neto) from small").fetchone()
        == con.execute("select count(*), sum(neto) from large").fetchone()
    )


def _key(label: str) -> str:
    return label.lower().translate(str.maketrans("áéíóúüñ", "aeiouun")).strip()
