"""Attention log of the social area (; CSV): contract, demo file, noise and how it is handled."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingestion.demo import area_social_atenciones as demo
from ingestion.demo.common import read_seed
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.area_social_atenciones import CONTRACT

KEY = "clave-de-prueba"
QUARANTINED = demo.INVALID_RUT_ROWS + demo.IMPOSSIBLE_DATE_ROWS
HEADER = (
    "N° ATENCIÓN;FECHA ATENCIÓN;TIPO ATENCIÓN;CANAL;RUT;NOMBRE;SEXO;COMUNA;FUNCIONARIO(A);"
    "OBSERVACIONES"
)


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


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("area_social"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def sql(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def test_demo_file_looks_like_the_office_export(demo_file):
    assert demo_file.name == Path(demo.DEMO_FILES[0]).name
    raw = demo_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # utf-8 with BOM, as Excel saves it
    assert b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    assert text.split("\r\n", 1)[0] == HEADER
    assert "ORIENTACION" in text and "Orientación" in text
    assert "Telefonica" in text and "Telefónica" in text


def test_demo_parses_and_loads_with_expected_counts(demo_file, loaded, tmp_path):
    con, result = loaded
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "utf-8-sig"
    assert read.rejects == []
    assert result.rows_quarantined == QUARANTINED
    assert result.rows_loaded == read.data_rows - QUARANTINED
    reasons = Counter(row[0] for row in sql(con, "select reason from raw.quarantine"))
    assert reasons == {
        "RUT: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS,
        "FECHA ATENCIÓN: «31/06/2020» no es una fecha dd/mm/aaaa": demo.IMPOSSIBLE_DATE_ROWS,
    }
    columns = [row[0] for row in sql(con, "describe raw.area_social_atenciones")]
    assert not {"nombre", "funcionario", "observaciones", "rut_persona"} & set(columns)


def test_people_attended_in_2020_beat_the_published_threshold(loaded):
    con, _ = loaded
    figure = next(
        row for row in read_seed("published_figures") if row["figure_id"] == demo.PEOPLE_FIGURE
    )
    assert figure["comparator"] == ">"
    [(people, attentions)] = sql(
        con,
        "select count(distinct rut_persona_hash), count(*) from raw.area_social_atenciones "
        "where year(fecha_atencion) = 2020",
    )
    assert people == demo.people_in_year()[2020] > float(figure["value"])
    assert attentions > 1.5 * people  # most people come more than once


def test_noise_is_present(loaded):
    con, _ = loaded
    years = {
        row[0]
        for row in sql(con, "select distinct year(fecha_atencion) from raw.area_social_atenciones")
    }
    assert years == {2019, 2020, 2021}
    [(copies,)] = sql(
        con,
        """
        select sum(n - 1) from (
            select count(*) as n from raw.area_social_atenciones
            group by rut_persona_hash, fecha_atencion, lower(strip_accents(tipo_atencion)))
        """,
    )
    # each copy repeats a distinct attention: the copies are the share the generator added
    assert copies == int(demo.DUPLICATE_SHARE * (_loaded_rows(con) - copies)) > 0
    comunas = {row[0] for row in sql(con, "select distinct comuna from raw.area_social_atenciones")}
    assert {"Vallenar", "VALLENAR", "vallenar", "Copiapo", "Copiapó"} <= comunas
    sexes = {row[0] for row in sql(con, "select distinct sexo from raw.area_social_atenciones")}
    assert sexes == {"F", "M", "Femenino", "Masculino"}


def test_every_comuna_is_known(loaded):
    con, _ = loaded
    known = {_key(row["comuna"]) for row in read_seed("comunas")}
    comunas = {row[0] for row in sql(con, "select distinct comuna from raw.area_social_atenciones")}
    assert {_key(comuna) for comuna in comunas} <= known


def test_malformed_files_are_contract_errors(tmp_path):
    missing = tmp_path / "sin_canal.csv"
    missing.write_bytes(
        "N° ATENCIÓN;FECHA ATENCIÓN;TIPO ATENCIÓN;RUT;NOMBRE;SEXO;COMUNA;FUNCIONARIO(A);"
        "OBSERVACIONES\r\n1;02/01/2020;Orientación;12.345.678-5;Ana;F;Vallenar;Luis;\r\n".encode(
            "utf-8-sig"
        )
    )
    with pytest.raises(ContractError, match="missing columns: CANAL"):
        read_extract(missing, CONTRACT, tmp_path)
    undecodable = tmp_path / "binario.csv"
    undecodable.write_bytes(HEADER.encode("cp1252") + b"\r\n1;\x81\x8d;\r\n")
    with pytest.raises(ContractError, match="cannot be decoded"):
        read_extract(undecodable, CONTRACT, tmp_path)
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"")
    with pytest.raises(ContractError, match="empty"):
        read_extract(empty, CONTRACT, tmp_path)


def test_generator_is_deterministic(demo_file, tmp_path):
    [again] = demo.generate(tmp_path, 1)
    assert again.read_bytes() == demo_file.read_bytes()


def test_scale_grows_other_years_only():
    small, large = demo.people_in_year(1), demo.people_in_year(3)
    assert large[2020] == small[2020]
    assert all(large[year] == 3 * small[year] for year in small if year != 2020)


def _loaded_rows(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from raw.area_social_atenciones").fetchone()[0]


def _key(label: str) -> str:
    return label.lower().translate(str.maketrans("áéíóúüñ", "aeiouun")).strip()
