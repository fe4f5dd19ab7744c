"""Residence-visa applications (.xlsx per year): contract, demo workbooks, noise and handling."""

from __future__ import annotations

from collections import Counter

from ingestion.demo import extranjeria_solicitudes as demo
from ingestion.demo.common import SEEDS_DIR, published_cells
from ingestion.reading import read_extract
from ingestion.sources.extranjeria_solicitudes import CONTRACT

QUARANTINED_PER_FILE = demo.INVALID_RUT_ROWS + demo.EMPTY_TYPE_ROWS


def test_demo_files_are_one_per_year(demo_files):
    assert [p.name for p in demo_files] == [
        "residencia_temporales_solicitudes_2019.xlsx",
        "residencia_temporales_solicitudes_2020.xlsx",
        "residencia_temporales_solicitudes_2021.xlsx",
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
        "RUT_SOLICITANTE: RUT inválido (dígito verificador o formato)": 3 * demo.INVALID_RUT_ROWS,
        "TIPO_VISA: vacío": 3 * demo.EMPTY_TYPE_ROWS,
    }


def test_schema_drift_pais_renamed_nacionalidad(demo_files, loaded, cells):
    header_2019, *later_headers = (cells(path)[0] for path in demo_files)
    assert "PAÍS" in header_2019 and "NACIONALIDAD" not in header_2019
    for header in later_headers:
        assert "NACIONALIDAD" in header and "PAÍS" not in header
    con, _ = loaded
    empty = con.execute(
        "select _file_name, count(*) from raw.extranjeria_solicitudes "
        "where nacionalidad is null group by all"
    ).fetchall()
    assert empty == []


def test_cells_are_real_dates_and_numbers(demo_files, cells):
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
    # December (and later) applications of a year again in the next year's file, with their
    # final state
    for year in (2020, 2021):
        carried = con.execute(
            f"""
            select count(*), count(*) filter (where b.estado <> 'EN TRÁMITE')
            from {table} a join {table} b using (numero_solicitud)
            where a._file_name like '%{year - 1}%' and b._file_name like '%{year}%'
                and a.estado = 'EN TRÁMITE'
            """
        ).fetchone()
        assert carried[0] > 50 and carried[0] == carried[1]
        assert scalar(
            f"select count(*) from {table} where _file_name like '%{year}%' and anio = {year - 1}"
        )
    # other provinces, comunas written several ways, labels that changed between years
    comunas = {row[0] for row in con.execute(f"select distinct comuna from {table}").fetchall()}
    assert {"Copiapó", "COPIAPO", "Chañaral", "CHANARAL", "Alto Del Carmen"} <= comunas
    labels = con.execute(
        f"select distinct anio, tipo_visa from {table} where tipo_visa like '%MERCOSUR'"
    ).fetchall()
    assert sorted(labels) == [
        (2019, "MERCOSUR"),
        (2020, "TEMPORARIA MERCOSUR"),
        (2021, "TEMPORARIA MERCOSUR"),
    ]
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
    expected = {
        c["row_label"]: int(float(c["value"])) for c in published_cells(demo.PRINTED_TABLE, 2020)
    }
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


def test_scale_grows_other_provinces_and_years_only():
    small = demo.applications_per_year(1, (2019, 2020, 2021))
    large = demo.applications_per_year(3, (2019, 2020, 2021))
    assert small.keys() == large.keys()
    for key, count in small.items():
        assert large[key] == 3 * count
    # Huasco 2020 is the printed table, never scaled
    assert not any(place == "Huasco (provincia)" and year == 2020 for place, year in large)
