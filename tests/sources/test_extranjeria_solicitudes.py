"""Residence-visa applications (.xlsx per year): contract, demo workbooks, noise and handling."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ingestion.demo import extranjeria_solicitudes as demo
from ingestion.demo.common import SEEDS_DIR, published_cells
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.extranjeria_solicitudes import CONTRACT

KEY = "clave-de-prueba"
QUARANTINED_PER_FILE = demo.INVALID_RUT_ROWS + demo.EMPTY_TYPE_ROWS


def landed(path: Path) -> LandedExtract:
    data = path.read_bytes()
    return LandedExtract(
        source=CONTRACT.source,
        location=str(path),
        file_name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        landed_at="2021-04-01T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


def cells(path: Path) -> list[list]:
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Sheet1").iter_rows())


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> list[Path]:
    return demo.generate(tmp_path_factory.mktemp("extranjeria_solicitudes"), 1)


@pytest.fixture(scope="module")
def loaded(demo_files, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    results = [load_extract(con, landed(path), CONTRACT, KEY) for path in demo_files]
    yield con, results
    con.close()


def test_demo_files_are_the_configured_ones(demo_files, tmp_path_factory):
    assert [p.name for p in demo_files] == [Path(f).name for f in demo.DEMO_FILES]
    assert [p.name for p in demo_files] == [
        "residencia_temporales_solicitudes_2019.xlsx",
        "residencia_temporales_solicitudes_2020.xlsx",
    ]


def test_demo_parses_and_loads_with_expected_counts(demo_files, loaded, tmp_path):
    con, results = loaded
    for path, result in zip(demo_files, results, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "xlsx"
        assert read.rejects == []
        assert result.rows_quarantined == QUARANTINED_PER_FILE
        assert result.rows_loaded == read.data_rows - QUARANTINED_PER_FILE
        assert result.rows_loaded > 3_000
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {
        "RUT_SOLICITANTE: RUT inválido (dígito verificador o formato)": 2 * demo.INVALID_RUT_ROWS,
        "TIPO_VISA: vacío": 2 * demo.EMPTY_TYPE_ROWS,
    }


def test_schema_drift_pais_renamed_nacionalidad(demo_files, loaded):
    header_2019, header_2020 = (cells(path)[0] for path in demo_files)
    assert "PAÍS" in header_2019 and "NACIONALIDAD" not in header_2019
    assert "NACIONALIDAD" in header_2020 and "PAÍS" not in header_2020
    con, _ = loaded
    empty = con.execute(
        "select _file_name, count(*) from raw.extranjeria_solicitudes "
        "where nacionalidad is null group by all"
    ).fetchall()
    assert empty == []


def test_cells_are_real_dates_and_numbers(demo_files):
    header, first, *_ = cells(demo_files[1])
    row = dict(zip(header, first, strict=True))
    assert isinstance(row["ID_SOLICITUD"], float) and row["ID_SOLICITUD"] > 2_019_000_000
    assert type(row["FECHA_SOLICITUD"]).__name__ in ("date", "datetime")
    assert isinstance(row["AÑO"], float)


def test_noise_is_present(loaded):
    con, _ = loaded

    def scalar(sql: str) -> int:
        return con.execute(sql).fetchone()[0]

    table = "raw.extranjeria_solicitudes"
    # exported twice in the same file
    assert (
        scalar(
            f"select count(*) from (select _file_name, numero_solicitud from {table} "
            "group by all having count(*) > 1)"
        )
        > 10
    )
    # December (and later) applications of 2019 again in the 2020 file, with their final state
    carried = con.execute(
        f"""
        select count(*), count(*) filter (where b.estado <> 'EN TRÁMITE')
        from {table} a join {table} b using (numero_solicitud)
        where a._file_name like '%2019%' and b._file_name like '%2020%'
            and a.estado = 'EN TRÁMITE'
        """
    ).fetchone()
    assert carried[0] > 50 and carried[0] == carried[1]
    assert scalar(f"select count(*) from {table} where _file_name like '%2020%' and anio = 2019")
    # other provinces, comunas written several ways, labels that changed between years
    comunas = {row[0] for row in con.execute(f"select distinct comuna from {table}").fetchall()}
    assert {"Copiapó", "COPIAPO", "Chañaral", "CHANARAL", "Alto Del Carmen"} <= comunas
    labels = con.execute(
        f"select distinct anio, tipo_visa from {table} where tipo_visa like '%MERCOSUR'"
    ).fetchall()
    assert sorted(labels) == [(2019, "MERCOSUR"), (2020, "TEMPORARIA MERCOSUR")]
    # someone applying twice outside Huasco
    assert scalar(
        f"select count(*) from (select rut_solicitante_hash from {table} "
        "group by all having count(distinct numero_solicitud) > 1)"
    )


def test_handled_noise_gives_the_printed_table_and_the_people(loaded):
    """The dbt models' rules, as one query: a record per application, Huasco, 2020."""
    con, _ = loaded
    counted = con.execute(
        f"""
        with tipos as (
            select * from read_csv('{SEEDS_DIR / "extranjeria_tipos_visa.csv"}')
        ),
        comunas as (
            select * from read_csv('{SEEDS_DIR / "comunas.csv"}', all_varchar = true)
        ),
        ranked as (
            select *, row_number() over (
                partition by numero_solicitud
                order by estado = 'EN TRÁMITE', fecha_resolucion desc nulls last,
                    _file_name desc, _line_number
            ) as sequence
            from raw.extranjeria_solicitudes
        )
        select tipos.tipo_visa, count(*) as solicitudes,
            count(distinct rut_solicitante_hash) filter (where estado = 'OTORGADA') as personas
        from ranked
        join comunas on lower(strip_accents(trim(ranked.comuna)))
            = lower(strip_accents(comunas.comuna))
        join tipos on lower(strip_accents(ranked.tipo_visa))
            = lower(strip_accents(tipos.tipo_visa_origen))
        where sequence = 1 and comunas.cut_provincia = '033'
            and year(fecha_solicitud) = 2020
        group by all
        """
    ).fetchall()
    expected = {c["row_label"]: int(float(c["value"])) for c in published_cells(demo.PRINTED_TABLE)}
    assert {label: n for label, n, _ in counted} == expected
    assert sum(n for _, n, _ in counted) == 607
    people = con.execute(
        """
        select count(distinct rut_solicitante_hash) from raw.extranjeria_solicitudes
        where estado = 'OTORGADA' and year(fecha_solicitud) = 2020
            and lower(strip_accents(comuna)) in ('vallenar', 'huasco', 'freirina',
                'alto del carmen')
        """
    ).fetchone()[0]
    assert people == 607
    raw_rows = con.execute(
        """
        select count(*) from raw.extranjeria_solicitudes
        where year(fecha_solicitud) = 2020 and lower(strip_accents(comuna)) in
            ('vallenar', 'huasco', 'freirina', 'alto del carmen')
        """
    ).fetchone()[0]
    assert raw_rows > 607  # the duplicates are there, and only the rules above remove them


def _workbook(path: Path, header: list[str], rows: list[list], sheet: str = "Sheet1") -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    worksheet = workbook.add_worksheet(sheet)
    for index, row in enumerate([header, *rows]):
        worksheet.write_row(index, 0, row)
    workbook.close()
    return path


def test_missing_column_is_a_contract_error(demo_files, tmp_path):
    header, *rows = cells(demo_files[1])
    drop = header.index("TIPO_VISA")
    path = _workbook(
        tmp_path / "sin_tipo.xlsx",
        [h for i, h in enumerate(header) if i != drop],
        [[c for i, c in enumerate(r) if i != drop] for r in rows[:5]],
    )
    with pytest.raises(ContractError, match="missing columns: TIPO_VISA"):
        read_extract(path, CONTRACT, tmp_path)


def test_wrong_sheet_corrupt_and_empty_workbooks_are_contract_errors(tmp_path):
    header = [c.header for c in CONTRACT.columns]
    wrong_sheet = _workbook(tmp_path / "hoja.xlsx", header, [], sheet="Hoja1")
    with pytest.raises(ContractError, match="sheet 'Sheet1' not found"):
        read_extract(wrong_sheet, CONTRACT, tmp_path)
    corrupt = tmp_path / "corrupto.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 esto no es una planilla")
    with pytest.raises(ContractError, match=r"not a readable \.xlsx"):
        read_extract(corrupt, CONTRACT, tmp_path)
    empty = tmp_path / "vacio.xlsx"
    workbook = xlsxwriter.Workbook(str(empty))
    workbook.add_worksheet("Sheet1")
    workbook.close()
    with pytest.raises(ContractError, match="empty"):
        read_extract(empty, CONTRACT, tmp_path)


def test_same_cells_every_run(demo_files, tmp_path):
    again = demo.generate(tmp_path, 1)
    for first, second in zip(demo_files, again, strict=True):
        assert cells(first) == cells(second)


def test_scale_grows_other_provinces_and_years_only():
    small = demo.applications_per_year(scale=1)
    large = demo.applications_per_year(scale=3)
    assert demo.demo_years(3) == [2017, 2018, 2019, 2020]
    for (place, year), count in small.items():
        assert large[(place, year)] == 3 * count
    assert not any(place == "Huasco (provincia)" and year == 2020 for place, year in large)
