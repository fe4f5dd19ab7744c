"""The STOP weekly case export: contract, demo extract, its noise and how it is handled."""

from __future__ import annotations

from collections import Counter

import duckdb

from ingestion.contracts import header_key
from ingestion.demo import stop_casos as demo
from ingestion.demo.common import DEMO_YEARS, published_cells, read_seed
from ingestion.reading import read_extract
from ingestion.sources.stop_casos import CONTRACT, SUBTOTAL_LABELS

HEADER = "REGIÓN;PROVINCIA;COMUNA;CUT;AÑO;SEMANA;FECHA INICIO SEMANA;DELITO;CASOS"


def blocks(year: int) -> int:
    """Comuna-week blocks of a year's file: weeks 1-31 in the first download, 30 to the last
    (52 or 53) in the second; 9 comunas; 16 crime rows and 2 subtotal rows per block."""
    return (31 + demo.weeks_in(year) - 29) * 9


def loaded_labels(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("select distinct delito from raw.stop_casos").fetchall()}


def test_demo_parses_under_its_contract(demo_files, tmp_path):
    for year, path in zip(DEMO_YEARS, demo_files, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "cp1252"
        assert read.rejects == []
        # two subtotals per block, the repeated header
        assert read.skipped_rows == blocks(year) * 2 + 1
        assert read.data_rows == blocks(year) * 16


def test_demo_loads_with_expected_counts(demo_files, loaded):
    con, results = loaded
    for year, result in zip(DEMO_YEARS, results, strict=True):
        assert result.rows_loaded == blocks(year) * 16 - demo.NO_INFORMATION_ROWS
        assert result.rows_quarantined == demo.NO_INFORMATION_ROWS
    reasons = con.execute("select distinct reason from raw.quarantine").fetchall()
    assert reasons == [("CASOS: «s/i» no es un entero",)]
    skipped = con.execute(
        "select rows_skipped from raw.extract_loads order by file_name"
    ).fetchall()
    assert skipped == [(blocks(year) * 2 + 1,) for year in DEMO_YEARS]


def test_export_format(demo_files):
    for path in demo_files:
        raw = path.read_bytes()
        text = raw.decode("cp1252")
        lines = text.split("\r\n")
        assert lines[0] == HEADER
        assert lines.count(HEADER) == 2  # two downloads pasted together
        # labels with commas are quoted, as the export does
        assert ';"Lesiones menos graves, graves o gravísimas";' in text
        assert ";Vallenar;03301;" in text and ";VALLENAR;3301;" in text
        assert ";COPIAPO;" in text


def test_subtotal_rows_are_not_loaded(demo_file, loaded):
    con, _ = loaded
    text = demo_file.read_bytes().decode("cp1252")
    lines = text.split("\r\n")
    assert sum(";TOTAL;" in line for line in lines) == blocks(2020)
    assert sum(";Delitos de mayor connotación social;" in line for line in lines) == blocks(2020)
    labels = loaded_labels(con)
    assert not {header_key(label) for label in labels} & {header_key(s) for s in SUBTOTAL_LABELS}


def test_every_label_is_classified(loaded):
    con, _ = loaded
    labels = loaded_labels(con)
    known = {header_key(row["etiqueta_origen"]) for row in read_seed("delitos_clasificacion")}
    assert {header_key(label) for label in labels} <= known
    assert {demo.OBJECT_FROM_VEHICLE_OLD, demo.OBJECT_FROM_VEHICLE_NEW} <= labels
    assert {"Lesiones leves", "Lesiones menos graves, graves o gravísimas"} <= labels
    assert set(demo.OTHER_CRIMES) <= labels


def test_other_provinces_years_and_cut_without_zero(loaded):
    con, _ = loaded
    provinces, years, short_cuts = con.execute(
        """
        select count(distinct provincia), count(distinct anio),
            count(*) filter (where length(cut_comuna) = 4)
        from raw.stop_casos
        """
    ).fetchone()
    assert provinces == 3
    assert years == len(DEMO_YEARS)
    assert short_cuts > 0


def test_overlapping_weeks_keep_the_last_download(loaded):
    """Weeks 30 and 31 of 2020 come twice, preliminary first; the rule keeps the last row."""
    con, _ = loaded
    repeated = con.execute(
        """
        select distinct semana from raw.stop_casos
        group by lpad(cut_comuna, 5, '0'), anio, semana, delito
        having count(*) > 1 order by 1
        """
    ).fetchall()
    assert repeated == [(30,), (31,)]
    preliminary_larger = con.execute(
        """
        select count(*) from (
            select first(casos order by _line_number) as first_count,
                last(casos order by _line_number) as last_count
            from raw.stop_casos
            group by lpad(cut_comuna, 5, '0'), anio, semana, delito
            having count(*) > 1
        ) where first_count > last_count
        """
    ).fetchone()[0]
    assert preliminary_larger == 0


def test_huasco_2020_reproduces_the_printed_rows(loaded):
    """What the dbt models do, in one query: dedupe, translate the labels, sum Huasco 2020."""
    con, _ = loaded
    clasificacion = [
        (header_key(row["etiqueta_origen"]), row["delito"])
        for row in read_seed("delitos_clasificacion")
        if row["nivel"] == "delito"
    ]
    con.execute("create or replace temp table clasificacion (etiqueta varchar, delito varchar)")
    con.executemany("insert into clasificacion values (?, ?)", clasificacion)
    computed = dict(
        con.execute(
            """
            with last_rows as (
                select *, lpad(cut_comuna, 5, '0') as cut
                from raw.stop_casos
                qualify row_number() over (
                    partition by lpad(cut_comuna, 5, '0'), anio, semana, upper(delito)
                    order by _line_number desc
                ) = 1
            )
            select clasificacion.delito, sum(casos)
            from last_rows
            join clasificacion
                on upper(strip_accents(last_rows.delito)) = clasificacion.etiqueta
            where cut like '033%' and anio = 2020
            group by 1
            """
        ).fetchall()
    )
    expected = {
        cell["row_label"]: int(float(cell["value"]))
        for cell in published_cells(demo.TABLE_ID, 2020)
        if cell["column_label"] == demo.COUNT_COLUMN
    }
    assert {label: computed.get(label, 0) for label in expected} == expected


def test_scale_grows_other_provinces_only():
    huasco = {c["cut_comuna"] for c in demo.comunas() if c["cut_provincia"] == "033"}
    for year in DEMO_YEARS:
        small = demo.yearly_cases(1, year)
        large = demo.yearly_cases(3, year)
        assert small.keys() == large.keys()
        for (_, cut, label), count in small.items():
            assert large[(year, cut, label)] == (count if cut in huasco else 3 * count)


def test_the_year_before_the_edition_follows_its_umbrales():
    """Where the 2020 edition prints a positive umbral (more cases than in 2019), Huasco had
    fewer cases in 2019, and the other way round (each count has its own noise)."""
    umbrales = demo.published_umbrales(2020)
    before = Counter()
    for (_, cut, label), count in demo.yearly_cases(1, 2019).items():
        if cut.startswith("033") and label in umbrales:
            before[label] += count
    printed = demo.huasco_targets(2020)
    rose = [label for label in printed if umbrales[label] > 1 and printed[label] > 20]
    assert rose and all(before[label] < printed[label] for label in rose)
