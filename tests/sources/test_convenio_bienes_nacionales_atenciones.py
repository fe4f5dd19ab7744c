"""Bienes Nacionales attention log (`;` CSV): contract, demo, noise and its handling."""

from __future__ import annotations

from collections import Counter

import pytest

from ingestion.demo import convenio_bienes_nacionales_atenciones as demo
from ingestion.demo.common import published_cells
from ingestion.reading import read_extract
from ingestion.sources.convenio_bienes_nacionales_atenciones import CONTRACT

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


def printed() -> dict[str, int]:
    return {
        cell["row_label"].upper(): int(float(cell["value"]))
        for cell in published_cells("convenio_bienes_nacionales", 2020)
    }


def test_export_format(demo_file):
    raw = demo_file.read_bytes()
    assert b"\r\n" in raw
    assert raw.split(b"\r\n", 1)[0].decode("cp1252") == HEADER
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really Windows-1252


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    # The desk opened in the report's year: no file of an earlier year (an empty export is
    # refused), and the first file starts that year.
    assert all(str(demo.OPENED.year - 1) not in path.name for path in demo_files)
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "cp1252"
    assert read.rejects == []
    assert read.data_rows == len(demo_file.read_bytes().decode("cp1252").splitlines()) - 1
    assert result.rows_quarantined == 1
    assert result.rows_loaded == read.data_rows - 1
    assert result.rows_quarantined <= max(5, 0.01 * read.data_rows)  # the refresh's threshold
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {f"FECHA: «{demo.IMPOSSIBLE_DATE}» no es una fecha dd/mm/aaaa": 1}


def test_names_never_load(loaded):
    con, _ = loaded
    columns = [
        row[0]
        for row in con.execute("describe raw.convenio_bienes_nacionales_atenciones").fetchall()
    ]
    assert "nombre" not in columns


def test_noise_is_present(loaded):
    con, _ = loaded
    [(copies,)] = con.execute(
        "select count(*) - count(distinct numero_atencion) "
        "from raw.convenio_bienes_nacionales_atenciones"
    ).fetchall()
    assert copies == demo.DUPLICATED_ATTENTIONS
    months = {
        row[0]
        for row in con.execute(
            "select distinct strftime(fecha_atencion, '%Y-%m') "
            "from raw.convenio_bienes_nacionales_atenciones"
        ).fetchall()
    }
    assert {"2020-09", "2020-10", "2020-11", "2020-12", "2021-01"} <= months
    comunas = {
        row[0]
        for row in con.execute(
            "select distinct comuna from raw.convenio_bienes_nacionales_atenciones"
        ).fetchall()
    }
    assert {"Alto del Carmen", "ALTO DEL CARMEN", "Vallenar", "VALLENAR"} <= comunas
    modalities = {
        row[0]
        for row in con.execute(
            "select distinct modalidad from raw.convenio_bienes_nacionales_atenciones"
        ).fetchall()
    }
    assert {"Oficina Gobernación", "Oficina Gobernacion", "GOBIERNO EN TERRENO"} <= modalities


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    assert dict(con.execute(TABLE_SQL).fetchall()) == printed()


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(naive,)] = con.execute(
        "select count(*) from raw.convenio_bienes_nacionales_atenciones "
        "where year(fecha_atencion) = 2020"
    ).fetchall()
    assert naive > sum(printed().values())


def test_scale_grows_only_outside_the_printed_period(tmp_path, load):
    small = demo.attentions_per_period(1)
    large = demo.attentions_per_period(3)
    for period, counts in small.items():
        factor = 1 if period == demo.TABLE_PERIOD else 3
        assert large[period] == {comuna: factor * n for comuna, n in counts.items()}
    [path] = demo.generate(tmp_path, 3, year=2020)
    con, _ = load(path)
    assert dict(con.execute(TABLE_SQL).fetchall()) == printed()
    [(trial_months,)] = con.execute(
        "select count(distinct numero_atencion) from raw.convenio_bienes_nacionales_atenciones "
        "where fecha_atencion < date '2020-11-01'"
    ).fetchall()
    assert trial_months == 3 * sum(
        small[(start, end)][c]
        for (start, end) in small
        if end.year == 2020 and (start, end) != demo.TABLE_PERIOD
        for c in small[(start, end)]
    )
