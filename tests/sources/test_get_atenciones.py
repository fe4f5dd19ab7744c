"""Attentions at «Gobierno en Terreno» plazas: contract, demo noise and how it is handled."""

from __future__ import annotations

from pathlib import Path

from ingestion.demo import get_atenciones as demo
from ingestion.demo import get_plazas
from ingestion.demo.common import published_cells
from ingestion.reading import read_extract
from ingestion.sources.get_atenciones import CONTRACT

QUARANTINED = demo.INVALID_RUT_ROWS + demo.IMPOSSIBLE_DATE_ROWS


def test_demo_files_read_and_load(demo_files: list[Path], loaded, tmp_path: Path) -> None:
    _, results = loaded
    data_rows = 0
    for path, result in zip(demo_files, results, strict=True):
        read = read_extract(path, CONTRACT, tmp_path)
        assert read.encoding == "utf-8-sig"
        assert read.rejects == []
        assert read.data_rows == path.read_bytes().count(b"\r\n") - 1
        assert result.rows_loaded == read.data_rows - result.rows_quarantined
        data_rows += read.data_rows
    assert sum(result.rows_quarantined for result in results) == QUARANTINED
    assert sum(result.rows_loaded for result in results) == data_rows - QUARANTINED


def test_names_and_ruts_never_load(loaded) -> None:
    con, _ = loaded
    columns = [row[0] for row in con.execute("describe raw.get_atenciones").fetchall()]
    assert "nombre" not in columns and "rut_persona" not in columns
    assert "rut_persona_hash" in columns


def test_bad_ruts_and_dates_are_quarantined_with_their_reason(loaded) -> None:
    con, _ = loaded
    reasons = dict(
        con.execute(
            """
            select split_part(reason, ':', 1), count(*) from raw.quarantine
            where source = 'get_atenciones' group by 1
            """
        ).fetchall()
    )
    assert reasons == {"RUT": demo.INVALID_RUT_ROWS, "FECHA ATENCIÓN": demo.IMPOSSIBLE_DATE_ROWS}
    redacted = con.execute("select redacted_line from raw.quarantine").fetchall()
    assert all("[rut omitido]" in line and "[omitido]" in line for (line,) in redacted)


def test_people_per_plaza_of_2020_match_the_published_table(loaded) -> None:
    """People are distinct RUTs per plaza: repeated attentions and extra services collapse."""
    con, _ = loaded
    rows, people = con.execute(
        """
        select count(*), count(distinct (id_plaza, rut_persona_hash))
        from raw.get_atenciones where id_plaza like 'GET-2020-%'
        """
    ).fetchone()
    printed = sum(
        int(float(c["value"]))
        for c in published_cells("get_plazas", 2020)
        if c["column_label"] == get_plazas.PEOPLE_COLUMN
    )
    assert people == printed
    assert rows > people  # people attended by several services, attentions typed twice
    typed_twice = con.execute(
        """
        select count(*) from (
            select id_plaza, rut_persona_hash, lower(strip_accents(servicio))
            from raw.get_atenciones group by all having count(*) > 1
        )
        """
    ).fetchone()[0]
    assert typed_twice > 0


def test_other_years_are_present(loaded) -> None:
    con, _ = loaded
    years = con.execute("select distinct year(fecha_atencion) from raw.get_atenciones").fetchall()
    assert {row[0] for row in years} == {2019, 2020, 2021}
