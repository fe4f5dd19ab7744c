"""The STOP umbral export: contract, demo extract, its noise and how it is handled."""

from __future__ import annotations

import re

from ingestion.contracts import header_key
from ingestion.demo import stop_umbrales as demo
from ingestion.demo.common import DEMO_YEARS, read_seed
from ingestion.demo.stop_casos import published_umbrales
from ingestion.reading import read_extract
from ingestion.sources.stop_umbrales import CONTRACT

HEADER = "REGIÓN;PROVINCIA;AÑO;FECHA CORTE;PERIODO;DELITO;UMBRAL"
# each year's file: 4 cuts x 3 provinces x 3 windows x 15 labels
ROWS = 4 * 3 * 3 * 15
EMPTY_UMBRALES = 4 * 2  # a year: Chañaral, weekly window, two rare crimes, every cut


def test_demo_parses_and_loads(demo_files, loaded, tmp_path):
    _, results = loaded
    for path, result in zip(demo_files, results, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "utf-8-sig"
        assert read.data_rows == ROWS
        assert result.rows_loaded == ROWS
        assert result.rows_quarantined == 0


def test_export_format(demo_files):
    for path in demo_files:
        text = path.read_bytes().decode("utf-8-sig")
        assert text.split("\r\n")[0] == HEADER
        assert re.search(r";-?\d,\d\d\r\n", text)  # decimal comma
        assert ";COPIAPO;" in text and ";Chañaral;" in text


def test_noise_is_present(loaded):
    con, _ = loaded
    periods, cuts, provinces, empty = con.execute(
        """
        select count(distinct periodo), count(distinct fecha_corte),
            count(distinct upper(strip_accents(provincia))), count(*) filter (umbral is null)
        from raw.stop_umbrales
        """
    ).fetchone()
    assert periods == 3
    assert cuts == 4 * len(DEMO_YEARS)
    assert provinces == 3
    assert empty == EMPTY_UMBRALES * len(DEMO_YEARS)


def test_every_label_is_classified_to_the_printed_row():
    seed = {
        header_key(r["etiqueta_origen"]): r["delito"] for r in read_seed("delitos_clasificacion")
    }
    for report_label, label in demo.UMBRAL_LABELS.items():
        assert seed[header_key(label)] == report_label


def test_last_cut_year_to_date_is_the_printed_umbral(loaded):
    con, _ = loaded
    values = dict(
        con.execute(
            """
            select delito, umbral from raw.stop_umbrales
            where upper(provincia) = 'HUASCO' and anio = 2020 and periodo = 'Año a la fecha'
            qualify fecha_corte = max(fecha_corte) over ()
            """
        ).fetchall()
    )
    printed = published_umbrales(2020).items()
    expected = {demo.UMBRAL_LABELS[label]: value for label, value in printed}
    assert values == expected


def test_bad_decimal_is_quarantined(load, tmp_path):
    path = tmp_path / "umbrales.csv"
    lines = [
        HEADER,
        "Atacama;Huasco;2020;03/01/2021;Año a la fecha;Hurtos;0,29",
        "Atacama;Huasco;2020;03/01/2021;Año a la fecha;Homicidios;-0.02.1",
        "Atacama;Huasco;2020;03/01/2021;Semestral;Hurtos;0,10",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    con, result = load(path)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert con.execute("select umbral from raw.stop_umbrales").fetchone()[0] == 0.29
    rows = con.execute("select reason from raw.quarantine order by line_number").fetchall()
    reasons = [row[0] for row in rows]
    assert reasons[0] == "UMBRAL: «-0.02.1» no es un decimal"
    assert reasons[1].startswith("PERIODO: «Semestral» no está entre")


def test_the_printed_values_at_any_scale(load, tmp_path):
    [path] = demo.generate(tmp_path, 2, year=2020)
    con, _ = load(path)
    years = con.execute("select distinct anio from raw.stop_umbrales order by 1").fetchall()
    assert years == [(2020,)]
    [(value,)] = con.execute(
        """
        select umbral from raw.stop_umbrales
        where upper(provincia) = 'HUASCO' and periodo = 'Año a la fecha'
            and delito = 'Robo por sorpresa' and fecha_corte = date '2021-01-03'
        """
    ).fetchall()
    assert value == published_umbrales(2020)["Robo por sorpresa"]
