"""How the rebuilt report names its files and prints text figures (no warehouse needed)."""

from __future__ import annotations

import duckdb

from expectations.report import rebuilt_report_names, recent_refreshes, text_view

FIGURES = {
    "texto_monto": {"edition_id": "ed", "computed_value": 16492224.0, "status": "mismatch"},
    "texto_personas": {"edition_id": "ed", "computed_value": 2137.0, "status": "match"},
    "texto_lugares": {"edition_id": "ed", "computed_value": 8.0, "status": "match"},
}


def text(figure_id, sentence, value, comparator="="):
    return {
        "figure_id": figure_id,
        "row_label": sentence,
        "value": value,
        "decimals": 0,
        "comparator": comparator,
    }


def test_the_computed_number_takes_the_place_of_the_printed_one():
    view = text_view(text("texto_monto", "un monto de $16.497.755 pesos", 16497755), FIGURES)
    assert (view["before"], view["text"], view["after"]) == (
        "un monto de $",
        "16.492.224",
        " pesos",
    )
    assert view["status"] == "mismatch"


def test_a_printed_bound_stays_and_the_computed_number_follows_it():
    view = text_view(text("texto_personas", "más de 2000 personas", 2000, ">"), FIGURES)
    assert (view["before"], view["text"], view["after"]) == ("más de 2000 (", "2.137", ") personas")


def test_a_number_written_in_words_keeps_the_sentence_whole():
    view = text_view(text("texto_lugares", "ocho lugares distintos", 8), FIGURES)
    assert (view["before"], view["text"], view["after"]) == ("ocho lugares distintos: ", "8", "")


def test_one_report_per_edition_named_by_its_year():
    editions = [
        {"edition_id": "huasco_2020", "anio": 2020, "cut_provincia": "033"},
        {"edition_id": "huasco_2021", "anio": 2021, "cut_provincia": "033"},
        {"edition_id": "copiapo_2021", "anio": 2021, "cut_provincia": "031"},
    ]
    assert rebuilt_report_names(editions) == {
        "huasco_2020": "cuenta_publica_2020.html",
        "huasco_2021": "cuenta_publica_2021_033.html",
        "copiapo_2021": "cuenta_publica_2021_031.html",
    }


def testrecent_refreshes_read_a_history_of_an_earlier_release(tmp_path):
    """A build file whose refresh_runs predates the run history still renders its runs."""
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    con.execute("create schema audit")
    con.execute(
        "create table audit.refresh_runs (run_id varchar, published_at timestamptz, "
        "origen_datos varchar, extracts varchar)"
    )
    con.execute(
        "insert into audit.refresh_runs values ('antigua', '2026-01-02 03:04:00+00', 'x', '[]')"
    )
    [run] = recent_refreshes(con)
    assert (run["run_id"], run["outcome"], run["started_text"]) == (
        "antigua",
        None,
        "02/01/2026 03:04",
    )
