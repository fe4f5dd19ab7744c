"""Attention log of the social area (; CSV): contract, demo file, noise and how it is handled."""

from __future__ import annotations

from collections import Counter

import duckdb

from ingestion.demo import area_social_atenciones as demo
from ingestion.demo.common import read_seed
from ingestion.reading import read_extract
from ingestion.sources.area_social_atenciones import CONTRACT

QUARANTINED = demo.INVALID_RUT_ROWS + demo.IMPOSSIBLE_DATE_ROWS
HEADER = (
    "N° ATENCIÓN;FECHA ATENCIÓN;TIPO ATENCIÓN;CANAL;RUT;NOMBRE;SEXO;COMUNA;FUNCIONARIO(A);"
    "OBSERVACIONES"
)


def test_demo_file_looks_like_the_office_export(demo_file):
    raw = demo_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8 with BOM, as Excel saves it
    assert b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0] == HEADER
    assert "ORIENTACION" in text and "Orientación" in text
    assert "Telefonica" in text and "Telefónica" in text


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "utf-8-sig"
    assert read.rejects == []
    assert result.rows_loaded == read.data_rows - result.rows_quarantined
    every_row = sum(read_extract(path, CONTRACT, tmp_path).data_rows for path in demo_files)
    assert sum(r.rows_quarantined for r in results) == QUARANTINED
    assert sum(r.rows_loaded for r in results) == every_row - QUARANTINED
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {
        "RUT: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS,
        "FECHA ATENCIÓN: «31/06/2020» no es una fecha dd/mm/aaaa": demo.IMPOSSIBLE_DATE_ROWS,
    }
    columns = [row[0] for row in con.execute("describe raw.area_social_atenciones").fetchall()]
    assert not {"nombre", "funcionario", "observaciones", "rut_persona"} & set(columns)


def test_people_attended_in_2020_beat_the_published_threshold(loaded):
    con, _ = loaded
    figure = next(
        row for row in read_seed("published_figures") if row["figure_id"] == demo.PEOPLE_FIGURE
    )
    assert figure["comparator"] == ">"
    [(people, attentions)] = con.execute(
        "select count(distinct rut_persona_hash), count(*) from raw.area_social_atenciones "
        "where year(fecha_atencion) = 2020"
    ).fetchall()
    assert people == demo.people_in_year()[2020] > float(figure["value"])
    assert attentions > 1.5 * people  # most people come more than once


def test_noise_is_present(loaded):
    con, _ = loaded
    years = {
        row[0]
        for row in con.execute(
            "select distinct year(fecha_atencion) from raw.area_social_atenciones"
        ).fetchall()
    }
    assert years == {2019, 2020, 2021}
    [(copies,)] = con.execute(
        """
        select sum(n - 1) from (
            select count(*) as n from raw.area_social_atenciones
            group by rut_persona_hash, fecha_atencion, lower(strip_accents(tipo_atencion)))
        """
    ).fetchall()
    # each copy repeats a distinct attention: the copies are the share the generator added
    assert copies == int(demo.DUPLICATE_SHARE * (_loaded_rows(con) - copies)) > 0
    comunas = {
        row[0]
        for row in con.execute("select distinct comuna from raw.area_social_atenciones").fetchall()
    }
    assert {"Vallenar", "VALLENAR", "vallenar", "Copiapo", "Copiapó"} <= comunas
    sexes = {
        row[0]
        for row in con.execute("select distinct sexo from raw.area_social_atenciones").fetchall()
    }
    assert sexes == {"F", "M", "Femenino", "Masculino"}


def test_every_comuna_is_known(loaded):
    con, _ = loaded
    known = {_key(row["comuna"]) for row in read_seed("comunas")}
    comunas = {
        row[0]
        for row in con.execute("select distinct comuna from raw.area_social_atenciones").fetchall()
    }
    assert {_key(comuna) for comuna in comunas} <= known


def test_scale_grows_other_years_only():
    small, large = demo.people_in_year(1), demo.people_in_year(3)
    assert large[2020] == small[2020]
    assert all(large[year] == 3 * small[year] for year in small if year != 2020)


def _loaded_rows(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from raw.area_social_atenciones").fetchone()[0]


def _key(label: str) -> str:
    return label.lower().translate(str.maketrans("áéíóúüñ", "aeiouun")).strip()
