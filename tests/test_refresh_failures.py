"""What a refresh does with bad news: wrong figures are reported, broken data is not published."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity

from ingestion.rut import normalize_rut
from orchestration.defs.reconciliation import CHECK_NAME
from orchestration.defs.resources import dbt_project
from tests.conftest import (
    FOOD_FILE,
    editions,
    failure_messages,
    file_digest,
    published_table,
    published_values,
    read_rows,
    read_seed,
    run_refresh,
    write_rows,
)
from tests.test_refresh_end_to_end import identities_that_do_not_add_up

pytestmark = pytest.mark.e2e


def edition_of(comuna: str, day: str) -> dict[str, str]:
    """The edition that reports on a record of `comuna` dated `day` (dd/mm/aaaa)."""
    key = comuna.strip().lower()
    [cut_provincia] = {
        row["cut_provincia"] for row in read_seed("comunas") if row["comuna"].lower() == key
    }
    [edition] = [
        edition
        for edition in editions()
        if edition["cut_provincia"] == cut_provincia and edition["anio"] == day[-4:]
    ]
    return edition


def section_of_marts() -> dict[str, str]:
    """mart -> report section, for the marts that carry the reconciliation check."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return {
        node["name"]: node["config"]["meta"]["report_section"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "report_section" in node["config"].get("meta", {})
    }


def test_removing_one_delivery_fails_exactly_the_affected_figures(monkeypatch, tmp_path, demo_dir):
    header, rows = read_rows(demo_dir / FOOD_FILE)
    column = {name: index for index, name in enumerate(header)}
    households = {}
    for row in rows:
        key = (normalize_rut(row[column["RUT JEFE HOGAR"]]), row[column["N° ENTREGA"]])
        households[key] = households.get(key, 0) + 1
    victim = next(
        row
        for row in rows
        if row[column["COMUNA"]] == "Freirina"
        and row[column["N° ENTREGA"]] == "2"
        and households[(normalize_rut(row[column["RUT JEFE HOGAR"]]), "2")] == 1
    )
    mutated = write_rows(
        tmp_path / "in" / FOOD_FILE.name, header, [r for r in rows if r is not victim]
    )

    result = run_refresh(monkeypatch, tmp_path / "instance", demo_dir, mutated)

    assert result.success, "a published-figure mismatch is a warning, not a failed refresh"
    evaluations = {
        evaluation.asset_key.path[-1]: evaluation
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.check_name == CHECK_NAME
    }
    sections = section_of_marts()
    food = evaluations.pop(next(m for m, s in sections.items() if s == "alimentos"))
    assert not food.passed
    assert food.severity == AssetCheckSeverity.WARN
    # Sections the mutation did not touch keep their outcome: those where the printed report
    # contradicts itself fail, the others pass.
    identity_sections = {
        (row["edition_id"], row["identity_id"]): row["section"]
        for row in read_seed("published_identities")
    }
    contradicted = {
        identity_sections[(edition_id, identity_id)]
        for edition_id, identity_id, _, _ in identities_that_do_not_add_up()
    }
    failing_sections = {sections[mart] for mart, e in evaluations.items() if not e.passed}
    assert failing_sections == contradicted

    edition = edition_of(victim[column["COMUNA"]], victim[column["FECHA ENTREGA"]])
    cells = published_table("alimentos_entregas", edition["edition_id"])
    changed = [
        cell
        for cell in cells
        if cell["column_key"] == "segunda_entrega"
        and (cell["row_label"] == victim[column["COMUNA"]] or cell["is_total"] == "true")
    ]
    text_figure = "alimentos__texto__cajas_mercaderia"
    printed_text = published_values(edition["edition_id"])[text_figure]
    con = duckdb.connect(str(tmp_path / "instance" / "warehouse" / "huasco.duckdb"), read_only=True)
    failing = con.execute(
        """
        select figure_id, published_value, computed_value, difference from audit.reconciliation
        where section = 'alimentos' and status <> 'match' and edition_id = ?
        order by figure_id
        """,
        [edition["edition_id"]],
    ).fetchall()
    con.close()
    expected = [(c["figure_id"], float(c["value"])) for c in changed]
    expected.append((text_figure, printed_text))
    assert failing == sorted((fid, value, value - 1, -1) for fid, value in expected)


def test_a_file_that_breaks_the_contract_leaves_the_published_warehouse_untouched(
    monkeypatch, tmp_path, demo_dir, published_instance
):
    published = published_instance / "warehouse" / "huasco.duckdb"
    before = file_digest(published)
    header, rows = read_rows(demo_dir / FOOD_FILE)
    broken = write_rows(tmp_path / "broken" / FOOD_FILE.name, header[:-1], [r[:-1] for r in rows])

    result = run_refresh(monkeypatch, published_instance, demo_dir, broken)

    assert not result.success
    assert "missing columns: DIRECCIÓN" in failure_messages(result)
    assert file_digest(published) == before


def test_a_failing_data_test_blocks_the_publish(
    monkeypatch, tmp_path, demo_dir, published_instance
):
    published = published_instance / "warehouse" / "huasco.duckdb"
    before = file_digest(published)
    header, rows = read_rows(demo_dir / FOOD_FILE)
    comuna = header.index("COMUNA")
    rows[10][comuna] = (
        "Comuna Inventada"  # an orphan comuna: the dbt not_null test on its CUT fails
    )
    orphan = write_rows(tmp_path / "orphan" / FOOD_FILE.name, header, rows)

    result = run_refresh(monkeypatch, published_instance, demo_dir, orphan)

    assert not result.success
    assert "huasco_dbt_models" in result.get_failed_step_keys()
    # The message names the test and the source row behind it (header = line 1).
    message = failure_messages(result)
    assert f"archivo {FOOD_FILE.name}" in message
    assert "línea 12" in message
    assert file_digest(published) == before
    shutil.rmtree(tmp_path / "orphan")


def test_a_refresh_killed_between_the_copy_and_the_rename_leaves_no_trace(
    monkeypatch, tmp_path, demo_dir, published_instance
):
    published = published_instance / "warehouse" / "huasco.duckdb"
    reports = published_instance / "reports"
    before = {
        path: file_digest(path)
        for path in [published, reports / "reconciliation.html", reports / "reconciliation.csv"]
    }
    data_docs_before = sorted(p.relative_to(reports) for p in (reports / "data_docs").rglob("*"))
    runs_before = published_runs(published)
    real_replace = os.replace

    def replace(source, destination, *args, **kwargs):
        if Path(destination) == published:
            raise OSError("refresco terminado antes del reemplazo (falla inyectada)")
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    copy = tmp_path / "in" / FOOD_FILE.name
    copy.parent.mkdir()
    shutil.copyfile(demo_dir / FOOD_FILE, copy)

    result = run_refresh(monkeypatch, published_instance, demo_dir, copy)

    assert not result.success
    assert result.get_failed_step_keys() == {"warehouse__huasco"}
    assert {path: file_digest(path) for path in before} == before
    assert sorted(p.relative_to(reports) for p in (reports / "data_docs").rglob("*")) == (
        data_docs_before
    )
    assert published_runs(published) == runs_before
    assert list(published.parent.glob("*.tmp")) == []


def published_runs(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select * from audit.refresh_runs order by published_at").fetchall()
    finally:
        con.close()
