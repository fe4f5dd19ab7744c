"""Attention log of the Huasco immigration office: contract, demo exports, noise and handling."""

from __future__ import annotations

import codecs
from datetime import date

from ingestion.demo import extranjeria_atenciones as demo
from ingestion.reading import read_extract
from ingestion.sources.extranjeria_atenciones import CONTRACT

HEADER = (
    "N° ATENCIÓN;FECHA;HORA;TIPO DE TRÁMITE;NACIONALIDAD;SEXO;COMUNA;ESTADO;NOMBRE;"
    "N° DOCUMENTO;FUNCIONARIO"
)


def test_demo_files_are_one_per_year(demo_files):
    assert [p.name for p in demo_files] == [
        "atenciones_oficina_extranjeria_2019.csv",
        "atenciones_oficina_extranjeria_2020.csv",
        "atenciones_oficina_extranjeria_2021.csv",
    ]


def test_export_format_and_encodings(demo_files, tmp_path):
    raw_2019, raw_2020, raw_2021 = (path.read_bytes() for path in demo_files)
    assert not raw_2019.startswith(codecs.BOM_UTF8)
    assert raw_2019.split(b"\r\n", 1)[0].decode("cp1252") == HEADER
    for raw in (raw_2020, raw_2021):
        assert raw.startswith(codecs.BOM_UTF8)
        assert raw.split(b"\r\n", 1)[0].decode("utf-8-sig") == HEADER
    encodings = [read_extract(path, CONTRACT, tmp_path).encoding for path in demo_files]
    assert encodings == ["cp1252", "utf-8-sig", "utf-8-sig"]


def test_demo_loads_with_expected_counts(demo_files, loaded, tmp_path):
    con, results = loaded
    for path, result in zip(demo_files, results, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.rejects == []
        assert result.rows_quarantined == len(demo.IMPOSSIBLE_DATES)
        assert result.rows_loaded == read.data_rows - len(demo.IMPOSSIBLE_DATES)
    reasons = sorted(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    expected = sorted(
        f"FECHA: «{typed}/{year}» no es una fecha dd/mm/aaaa"
        for typed in demo.IMPOSSIBLE_DATES
        for year in (2019, 2020, 2021)
    )
    assert reasons == expected


def test_no_personal_data_is_loaded(demo_files, loaded):
    con, _ = loaded
    columns = {row[0] for row in con.execute("describe raw.extranjeria_atenciones").fetchall()}
    assert not {"nombre", "numero_documento", "funcionario"} & columns
    text = demo_files[1].read_bytes().decode("utf-8-sig")
    a_name = text.split("\r\n")[1].split(";")[8]
    dump = con.execute("select * from raw.extranjeria_atenciones").fetchall()
    assert not any(a_name in str(row) for row in dump)


def test_noise_is_present(loaded):
    con, _ = loaded

    def scalar(sql: str) -> int:
        return con.execute(sql).fetchone()[0]

    table = "raw.extranjeria_atenciones"
    # each export starts on 16 December of the year before: those rows are also in the
    # export of that year
    for year in (2020, 2021):
        overlap = scalar(
            f"""
            select count(distinct a.numero_atencion) from {table} a join {table} b
                using (numero_atencion)
            where a._file_name like '%{year - 1}%' and b._file_name like '%{year}%'
            """
        )
        assert overlap > 50
        first_day = scalar(
            f"select min(fecha_atencion) from {table} where _file_name like '%{year}%'"
        )
        assert date(year - 1, 12, 16) <= first_day < date(year, 1, 1)
    # exported twice within one file
    assert scalar(
        f"select count(*) from (select _file_name, numero_atencion from {table} "
        "group by all having count(*) > 1)"
    )
    states = {row[0] for row in con.execute(f"select distinct estado from {table}").fetchall()}
    assert states == {"ATENDIDA", "NO SE PRESENTA", "ANULADA"}
    assert scalar(f"select count(*) from {table} where upper(nacionalidad) = 'CHILE'") > 50
    comunas = {row[0] for row in con.execute(f"select distinct comuna from {table}").fetchall()}
    assert {"Vallenar", "VALLENAR", "Alto Del Carmen", "COPIAPO", "La Serena", None} <= comunas
    nationalities = {
        row[0] for row in con.execute(f"select distinct nacionalidad from {table}").fetchall()
    }
    assert {"Perú", "PERU", "Haití", "HAITI"} <= nationalities


def test_handled_noise_gives_the_attentions_of_the_report(loaded):
    """The dbt models' rules, as one query: each reservation once, attended, to foreigners."""
    con, _ = loaded
    counts = con.execute(
        """
        with unique_reservations as (
            select *, row_number() over (
                partition by numero_atencion order by _file_name desc, _line_number
            ) as sequence
            from raw.extranjeria_atenciones
        )
        select year(fecha_atencion), count(*)
        from unique_reservations
        where sequence = 1 and estado = 'ATENDIDA'
            and lower(strip_accents(trim(nacionalidad))) <> 'chile'
        group by all order by all
        """
    ).fetchall()
    assert dict(counts) == {year: demo.attended_in(year, 1) for year in (2019, 2020, 2021)}
    assert dict(counts)[2020] == 6520
    raw_2020 = con.execute(
        "select count(*) from raw.extranjeria_atenciones where year(fecha_atencion) = 2020"
    ).fetchone()[0]
    assert raw_2020 > 6520


def test_scale_grows_other_years_only():
    assert demo.attended_in(2020, 3) == demo.attended_in(2020, 1) == 6520
    for year in (2019, 2021):
        assert demo.attended_in(year, 3) == 3 * demo.attended_in(year, 1)
