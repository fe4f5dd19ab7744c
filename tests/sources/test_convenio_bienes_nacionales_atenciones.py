"""Bienes Nacionales attention log (`;` CSV): contract, demo, noise and its handling."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingestion.demo import convenio_bienes_nacionales_atenciones as demo
from ingestion.demo.common import published_cells
from ingestion.landing import LandedExtract
from ingestion.loading import load_extract
from ingestion.reading import ContractError, read_extract
from ingestion.sources.convenio_bienes_nacionales_atenciones import CONTRACT

KEY = "clave-de-prueba"
HEADER = "N° ATENCIÓN;FECHA;COMUNA;LOCALIDAD;MODALIDAD;TIPO DE TRÁMITE;NOMBRE"

# The pipeline's rule (int_convenios__bienes_nacionales_atenciones_classified and the
# printed-table mart) over the raw table: an attention copied twice keeps its number and
# counts once; the table counts November and December 2020.
TABLE_SQL = """
with attentions as (
    select numero_atencion, any_value(fecha_atencion) as fecha_atencion,
        any_value(upper(strip_accents(trim(comuna)))) as comuna_key
    from raw.convenio_bienes_nacionales_atenciones
    group by numero_atencion
)
select comuna_key, count(*) from attentions
where fecha_atencion between date '2020-11-01' and date '2020-12-31'
group by 1
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
        landed_at="2021-07-01T12:00:00+00:00",
        is_demo=True,
        status="new",
    )


def sql(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def printed() -> dict[str, int]:
    return {
        cell["row_label"].upper(): int(float(cell["value"]))
        for cell in published_cells("convenio_bienes_nacionales_2020")
    }


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    [path] = demo.generate(tmp_path_factory.mktemp("bienes_nacionales"), 1)
    return path


@pytest.fixture(scope="module")
def loaded(demo_file, tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("wh") / "w.duckdb"))
    result = load_extract(con, landed(demo_file), CONTRACT, KEY)
    yield con, result
    con.close()


def test_demo_file_is_the_configured_one(demo_file):
    assert demo_file.name == Path(demo.DEMO_FILES[0]).name == CONTRACT.file_pattern


def test_export_format(demo_file):
    raw = demo_file.read_bytes()
    assert b"\r\n" in raw
    assert raw.split(b"\r\n", 1)[0].decode("cp1252") == HEADER
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252


def test_demo_parses_and_loads_with_expected_counts(demo_file, loaded, tmp_path):
    con, result = loaded
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "cp1252"
    assert read.rejects == []
    assert read.data_rows == len(demo_file.read_bytes().decode("cp1252").splitlines()) - 1
    assert result.rows_quarantined == 1
    assert result.rows_loaded == read.data_rows - 1
    assert result.rows_quarantined <= 0.01 * read.data_rows  # the refresh's threshold
    reasons = Counter(row[0] for row in sql(con, "select reason from raw.quarantine"))
    assert reasons == {f"FECHA: «{demo.IMPOSSIBLE_DATE}» no es una fecha dd/mm/aaaa": 1}


def test_names_never_load(loaded):
    con, _ = loaded
    columns = [row[0] for row in sql(con, "describe raw.convenio_bienes_nacionales_atenciones")]
    assert "nombre" not in columns


def test_noise_is_present(loaded):
    con, _ = loaded
    [(copies,)] = sql(
        con,
        "select count(*) - count(distinct numero_atencion) "
        "from raw.convenio_bienes_nacionales_atenciones",
    )
    assert copies == demo.DUPLICATED_ATTENTIONS
    months = {
        row[0]
        for row in sql(
            con,
            "select distinct strftime(fecha_atencion, '%Y-%m') "
            "from raw.convenio_bienes_nacionales_atenciones",
        )
    }
    assert {"2020-09", "2020-10", "2020-11", "2020-12", "2021-01"} <= months
    comunas = {
        row[0]
        for row in sql(con, "select distinct comuna from raw.convenio_bienes_nacionales_atenciones")
    }
    assert {"Alto del Carmen", "ALTO DEL CARMEN", "Vallenar", "VALLENAR"} <= comunas
    modalities = {
        row[0]
        for row in sql(
            con, "select distinct modalidad from raw.convenio_bienes_nacionales_atenciones"
        )
    }
    assert {"Oficina Gobernación", "Oficina Gobernacion", "GOBIERNO EN TERRENO"} <= modalities


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert dict(sql(con, TABLE_SQL)) == printed()


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive,)] = sql(
        con,
        "select count(*) from raw.convenio_bienes_nacionales_atenciones "
        "where year(fecha_atencion) = 2020",
    )
    assert naive > sum(printed().values())


def test_missing_column_is_a_contract_error(tmp_path):
    path = tmp_path / "sin_modalidad.csv"
    path.write_bytes(
        "N° ATENCIÓN;FECHA;COMUNA;LOCALIDAD;TIPO DE TRÁMITE;NOMBRE\r\n"
        "1;02/11/2020;Huasco;;Consulta general;Ana\r\n".encode("cp1252")
    )
    with pytest.raises(ContractError, match="missing columns: MODALIDAD"):
        read_extract(path, CONTRACT, tmp_path)


def test_undecodable_and_empty_files_are_contract_errors(tmp_path):
    broken = tmp_path / "rota.csv"
    broken.write_bytes(
        HEADER.encode("cp1252") + b"\r\n1;02/11/2020;Huasco;;Oficina;Consulta\x81;Ana\r\n"
    )
    with pytest.raises(ContractError, match="cannot be decoded"):
        read_extract(broken, CONTRACT, tmp_path)
    empty = tmp_path / "vacia.csv"
    empty.write_bytes(b"\r\n")
    with pytest.raises(ContractError, match="empty"):
        read_extract(empty, CONTRACT, tmp_path)


def test_generator_is_deterministic(demo_file, tmp_path):
    [again] = demo.generate(tmp_path, 1)
    assert again.read_bytes() == demo_file.read_bytes()


def test_scale_grows_only_outside_the_printed_period(tmp_path):
    small = demo.attentions_per_period(1)
    large = demo.attentions_per_period(3)
    for period, counts in small.items():
        factor = 1 if period == demo.TABLE_PERIOD else 3
        assert large[period] == {comuna: factor * n for comuna, n in counts.items()}
    [path] = demo.generate(tmp_path, 3)
    con = duckdb.connect()
    load_extract(con, landed(path), CONTRACT, KEY)
    assert dict(sql(con, TABLE_SQL)) == printed()
