"""«Mascota Protegida» services workbook (.xlsx): contract, demo, noise and its handling."""

from __future__ import annotations

from collections import Counter
from datetime import date

import duckdb

from ingestion.contracts import header_key
from ingestion.demo import convenio_mascota_protegida_prestaciones as demo
from ingestion.demo.common import DEMO_YEARS, read_seed
from ingestion.reading import read_extract
from ingestion.sources.convenio_mascota_protegida_prestaciones import CONTRACT

HUASCO = ("VALLENAR", "HUASCO", "FREIRINA", "ALTO DEL CARMEN")
# The text of report II.9.a: «dos programas» that «abarcan las cuatro comunas».
PRINTED = {
    row["figure_id"]: int(float(row["value"]))
    for row in read_seed("published_figures")
    if row["figure_id"].endswith("_mascota_protegida")
}
PRINTED_PROGRAMMES = PRINTED["convenios__texto__programas_mascota_protegida"]
PRINTED_COMUNAS = PRINTED["convenios__texto__comunas_mascota_protegida"]


def coverage_2020(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Programme of the 2020 agreement (seed, by typed name and year) -> comunas reached."""
    programme_by_label = {
        (header_key(row["programa_registrado"]), int(row["anio_convenio"])): row["programa"]
        for row in read_seed("convenios_mascota_protegida_programas")
    }
    coverage: dict[str, set[str]] = {}
    for label, comuna in con.execute(
        "select distinct programa, upper(strip_accents(trim(comuna))) "
        "from raw.convenio_mascota_protegida_prestaciones where year(fecha_prestacion) = 2020"
    ).fetchall():
        if comuna in HUASCO:
            programme = programme_by_label[(header_key(label), 2020)]
            coverage.setdefault(programme, set()).add(comuna)
    return coverage


def test_demo_parses_and_loads_with_expected_counts(demo_files, demo_file, loaded, cells, tmp_path):
    con, results = loaded
    result = results[demo_files.index(demo_file)]
    read = read_extract(demo_file, CONTRACT, tmp_path)
    assert read.encoding == "xlsx"
    assert read.rejects == []
    assert read.data_rows == len(cells(demo_file)) - 1
    assert result.rows_loaded == read.data_rows - result.rows_quarantined
    assert result.rows_quarantined <= max(5, 0.01 * read.data_rows)  # the refresh's threshold
    assert sum(r.rows_quarantined for r in results) == demo.INVALID_RUT_ROWS
    every_row = sum(len(cells(path)) - 1 for path in demo_files)
    assert sum(r.rows_loaded for r in results) == every_row - demo.INVALID_RUT_ROWS
    reasons = Counter(row[0] for row in con.execute("select reason from raw.quarantine").fetchall())
    assert reasons == {
        "RUT TUTOR: RUT inválido (dígito verificador o formato)": demo.INVALID_RUT_ROWS
    }


def test_names_never_load(loaded):
    con, _ = loaded
    columns = [
        row[0]
        for row in con.execute("describe raw.convenio_mascota_protegida_prestaciones").fetchall()
    ]
    assert "nombre_tutor" not in columns
    assert "rut_tutor_hash" in columns and "rut_tutor" not in columns


def test_dates_are_real_date_cells(demo_file, cells):
    assert all(isinstance(row[0], date) for row in cells(demo_file)[1:])


def test_noise_is_present(loaded):
    con, _ = loaded
    years = {
        row[0]
        for row in con.execute(
            "select distinct year(fecha_prestacion) "
            "from raw.convenio_mascota_protegida_prestaciones"
        ).fetchall()
    }
    assert years == {2019, 2020, 2021}
    labels = {
        row[0]
        for row in con.execute(
            "select distinct programa from raw.convenio_mascota_protegida_prestaciones"
        ).fetchall()
    }
    # the same typed name belongs to the 2019 and to the 2020 agreement
    assert {"Plan Veterinario en Marcha", "Plan Vet. en Marcha 2020"} <= labels
    assert {"Esterilización Gobernación", "ESTERILIZACIÓN EN GOBERNACIÓN"} <= labels
    comunas = {
        row[0]
        for row in con.execute(
            "select distinct comuna from raw.convenio_mascota_protegida_prestaciones"
        ).fetchall()
    }
    assert {"Alto del Carmen", "ALTO DEL CARMEN", "Alto Del Carmen"} <= comunas


def test_every_typed_programme_maps_to_the_seed(loaded):
    con, _ = loaded
    seed = {
        (header_key(row["programa_registrado"]), int(row["anio_convenio"]))
        for row in read_seed("convenios_mascota_protegida_programas")
    }
    typed = con.execute(
        "select distinct programa, year(fecha_prestacion) "
        "from raw.convenio_mascota_protegida_prestaciones"
    ).fetchall()
    assert {(header_key(label), year) for label, year in typed} <= seed


def test_handled_noise_gives_back_the_published_figures(loaded):
    con, _ = loaded
    coverage = coverage_2020(con)
    assert len(coverage) == PRINTED_PROGRAMMES
    assert len(set.intersection(*coverage.values())) == PRINTED_COMUNAS


def test_noise_would_change_the_figures_if_ignored(loaded):
    con, _ = loaded
    [(typed_names,)] = con.execute(
        "select count(distinct programa) from raw.convenio_mascota_protegida_prestaciones "
        "where year(fecha_prestacion) = 2020"
    ).fetchall()
    assert typed_names > PRINTED_PROGRAMMES


def test_scale_grows_only_outside_2020(demo_files, cells, load, tmp_path):
    larger = [path for year in DEMO_YEARS for path in demo.generate(tmp_path, 3, year=year)]
    large = larger[DEMO_YEARS.index(2020)]
    per_year = {}
    for name, paths in (("small", demo_files), ("large", larger)):
        per_year[name] = Counter(row[0].year for path in paths for row in cells(path)[1:])
    assert per_year["large"][2020] - per_year["small"][2020] in range(-3, 4)  # bad RUT copies
    for year in (2019, 2021):
        assert per_year["large"][year] > 2.5 * per_year["small"][year]
    con, _ = load(large)
    coverage = coverage_2020(con)
    assert len(coverage) == PRINTED_PROGRAMMES
    assert len(set.intersection(*coverage.values())) == PRINTED_COMUNAS
