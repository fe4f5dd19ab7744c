"""Incremental by default, and the run history.

On a copy of the session's refreshed instance: a refresh with nothing changed rebuilds and
publishes nothing (and says so in the history); after one source changed, the selective build
publishes what a full rebuild of the same raw tables gives; history rows accumulate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingestion import incremental, warehouse
from ingestion.incremental import FULL, NO_CHANGE, SELECTIVE, code_fingerprint, plan_refresh
from ingestion.settings import Settings
from orchestration.defs.dbt import SECTION_MART_MODELS, huasco_dbt_models, manifest
from tests.conftest import (
    EDITION_YEAR,
    FOOD_FILE,
    execute,
    failure_messages,
    file_digest,
    read_rows,
    run_dbt,
    run_refresh,
    use_instance,
    write_rows,
)

# Fast: the plan and the selection, on tiny files and the manifest.


def tiny_build(path: Path, extracts: list[tuple[str, str, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute(
        "create schema if not exists raw; create or replace table raw.extract_loads ("
        "source varchar, location varchar, sha256 varchar, loaded_at timestamptz, "
        "retired_at timestamptz, is_demo boolean)"
    )
    for source, location, sha in extracts:
        con.execute(
            "insert into raw.extract_loads values (?, ?, ?, now(), null, true)",
            [source, location, sha],
        )
    return con


def test_the_plan_follows_the_published_and_the_build_state(tmp_path):
    published = tmp_path / "published.duckdb"
    con = tiny_build(tmp_path / "build.duckdb", [("a", "/a.csv", "1"), ("b", "/b.csv", "2")])
    plan = plan_refresh(con, published, "code-1")
    assert plan.mode == FULL  # nothing published, no build state

    incremental.record_build_state(con, "run-1", plan, None)
    con.execute("update raw.extract_loads set sha256 = '3' where source = 'b'")
    plan = plan_refresh(con, published, "code-1")
    assert (plan.mode, plan.changed_sources) == (SELECTIVE, ("b",))
    assert plan_refresh(con, published, "code-2").mode == FULL  # the code changed

    # What the published file was built from: the same extracts and code, nothing to do.
    with duckdb.connect(str(published)) as other:
        other.execute(
            "create schema audit; create table audit.refresh_runs as select "
            "'publicado' as outcome, now() as published_at, ? as extracts, 'code-1' as "
            "fingerprint",
            [json.dumps(incremental.current_extracts(con))],
        )
    assert plan_refresh(con, published, "code-1").mode == NO_CHANGE
    assert plan_refresh(con, published, "code-2").mode == FULL

    incremental.forget_build_state(con)  # a dbt run that failed or was killed
    con.execute("update raw.extract_loads set sha256 = '4' where source = 'a'")
    assert plan_refresh(con, published, "code-1").mode == FULL
    con.close()


def test_the_fingerprint_covers_models_seeds_and_reconciliation(tmp_path):
    sources = [
        "dbt_project/models/staging/stg_x.sql",
        "dbt_project/seeds/x.csv",
        "dbt_project/macros/x.sql",
        "dbt_project/tests/generic/x.sql",
        "dbt_project/dbt_project.yml",
        "expectations/reconciliation.py",
        "expectations/templates/x.html.j2",
        "expectations/data_docs_assets/package-lock.json",
    ]
    for name in sources:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1")
    fingerprints = {code_fingerprint(tmp_path)}
    for name in sources:
        (tmp_path / name).write_text("2")
        fingerprints.add(code_fingerprint(tmp_path))
    assert len(fingerprints) == len(sources) + 1  # each source file changes it
    # What a run writes beside them does not: GX's state, installed assets, bytecode.
    for name in (
        "expectations/gx/uncommitted/validations/x.json",
        "expectations/data_docs_assets/node_modules/x/x.js",
        "expectations/__pycache__/reconciliation.cpython-311.pyc",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("3")
    assert code_fingerprint(tmp_path) in fingerprints
    assert code_fingerprint() == code_fingerprint()


def test_the_selection_rebuilds_the_downstream_of_a_source_and_every_checked_mart():
    dbt = manifest()
    selection = incremental.dbt_selection(dbt, ["alimentos_entregas"], SECTION_MART_MODELS)
    specs = selection.split()
    assert "source:huasco.alimentos.entregas+" in specs
    assert "source:huasco.ingestion.extract_loads+" in specs
    assert set(SECTION_MART_MODELS) <= set(specs)
    assert not any("emergencias" in spec and spec.startswith("source:") for spec in specs)
    # The models over every section are downstream of each source (so of any selection).
    children = dbt["child_map"]
    for source_id, source in dbt["sources"].items():
        if source["source_name"] == "ingestion":
            continue
        reached, pending = set(), [source_id]
        while pending:
            for child in children.get(pending.pop(), []):
                if child not in reached:
                    reached.add(child)
                    pending.append(child)
        for model in ("int_figure_contributions", "computed_figures", "figure_lineage"):
            assert f"model.huasco.{model}" in reached, (source_id, model)
    assert incremental.dbt_selection(dbt, [], SECTION_MART_MODELS).split() == sorted(
        SECTION_MART_MODELS
    )


# Heavy: whole refreshes on a copy of the session's instance.

COMPARED = ("audit.computed_figures", "audit.figure_lineage")


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every compared table and every mart, sorted rows."""
    with duckdb.connect(str(path), read_only=True) as con:
        marts = [
            f"marts.{name}"
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' "
                "union select view_name from duckdb_views() where schema_name = 'marts' "
                "and not internal"
            ).fetchall()
        ]
        return {
            table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr)
            for table in [*COMPARED, *marts]
        }


def history(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "select run_id, outcome, dbt_mode from audit.refresh_runs order by started_at"
        ).fetchall()


def materialized(result) -> set[str]:
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


@pytest.mark.e2e
def test_no_change_then_one_source_changed_equals_a_full_rebuild(
    published_instance, refreshed, monkeypatch, tmp_path
):
    root = published_instance
    published = root / "warehouse" / "huasco.duckdb"
    build = root / "warehouse" / "build" / "huasco_build.duckdb"
    before = file_digest(published)

    # 1. Nothing changed: nothing rebuilt, nothing published, the run recorded.
    use_instance(monkeypatch, root, refreshed["demo"])
    from orchestration.definitions import defs

    unchanged = execute(defs.resolve_job_def("nightly_refresh"))
    assert unchanged.success, failure_messages(unchanged)
    built = materialized(unchanged)
    assert not any(key.startswith(("marts/", "audit/", "staging/")) for key in built), built
    assert "warehouse/huasco" not in built
    assert file_digest(published) == before
    assert (unchanged.run_id, NO_CHANGE, "omitida") in history(build)
    skipped = {
        event.step_key for event in unchanged.all_events if event.event_type_value == "STEP_SKIPPED"
    }
    assert {"conciliacion", "warehouse__huasco"} <= skipped

    # 2. One source changed (a 2020 food delivery less): only its downstream is rebuilt.
    header, rows = read_rows(refreshed["demo"] / FOOD_FILE)
    changed_food = write_rows(tmp_path / "cambiado" / FOOD_FILE.name, header, rows[:-1])
    locations = [
        refreshed["demo"] / FOOD_FILE.parent / FOOD_FILE.name.replace(str(EDITION_YEAR), year)
        for year in ("2019", str(EDITION_YEAR), "2021")
    ]
    locations = [changed_food if path.name == FOOD_FILE.name else path for path in locations]
    selective = run_refresh(monkeypatch, root, refreshed["demo"], locations)
    assert selective.success, failure_messages(selective)
    built = materialized(selective)
    assert "warehouse/huasco" in built
    dbt_keys = {key.to_user_string() for key in huasco_dbt_models.keys}
    rebuilt = built & dbt_keys
    assert {
        "staging/stg_alimentos__entregas",
        "marts/alimentos_entregas_por_comuna",
        "audit/computed_figures",
        "marts/emergencias_detalle",  # a checked mart of another section: always rebuilt
    } <= rebuilt
    assert not rebuilt & {"staging/stg_emergencias__eventos", "marts/emergencias_eventos"}
    assert len(rebuilt) < len(dbt_keys) / 2
    runs = history(published)
    assert [outcome for _run, outcome, _mode in runs[-2:]] == [NO_CHANGE, "publicado"]
    assert runs[-1][2] == SELECTIVE
    incremental_result = snapshot(published)
    assert incremental_result["audit.computed_figures"]

    # 3. The same raw tables rebuilt in full (dbt alone, on a copy of the build file): the same
    # figures, lineage and marts as the selective build published.
    full_build = tmp_path / "completo.duckdb"
    shutil.copyfile(build, full_build)
    completed = run_dbt(["run", "--quiet"], full_build, tmp_path)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert snapshot(full_build) == incremental_result

    # Every run is in the history of the published file, with its steps and sources.
    assert [run for run, *_ in history(published)][-2:] == [unchanged.run_id, selective.run_id]
    with duckdb.connect(str(published), read_only=True) as con:
        steps = con.execute(
            "select count(distinct run_id) from audit.refresh_steps where run_id in (?, ?)",
            [unchanged.run_id, selective.run_id],
        ).fetchone()[0]
        loaded = con.execute(
            "select rows_loaded, new_loads from audit.refresh_sources "
            "where run_id = ? and source = 'alimentos_entregas'",
            [selective.run_id],
        ).fetchone()
        checks = con.execute(
            "select checks_match + checks_mismatch + checks_explained + checks_not_computed "
            "from audit.refresh_runs where run_id = ?",
            [selective.run_id],
        ).fetchone()[0]
    assert steps == 2
    assert loaded[0] > 0 and loaded[1] == 1  # the changed file, loaded by that run
    assert checks > 150


def test_failed_runs_accumulate_in_the_build_and_reach_the_next_publish(
    demo_dir, monkeypatch, tmp_path
):
    use_instance(monkeypatch, tmp_path, demo_dir)
    monkeypatch.setenv("HUASCO_SOURCE_ALIMENTOS_ENTREGAS", "/no/existe/entregas.csv")
    from orchestration.definitions import defs

    landing_only = defs.resolve_job_def("nightly_refresh").get_subset(
        asset_selection={dg.AssetKey(["landing", "alimentos_entregas"])}
    )
    first, second = execute(landing_only), execute(landing_only)
    assert not first.success and not second.success
    settings = Settings.from_env()
    with duckdb.connect(str(settings.build_database), read_only=True) as con:
        runs = con.execute(
            "select run_id, outcome, failed_step, error from audit.refresh_runs order by started_at"
        ).fetchall()
        steps = con.execute(
            "select run_id, step, status from audit.refresh_steps order by started_at"
        ).fetchall()
    assert [(run, outcome, step) for run, outcome, step, _ in runs] == [
        (first.run_id, "fallido", "landing__alimentos_entregas"),
        (second.run_id, "fallido", "landing__alimentos_entregas"),
    ]
    assert "/no/existe/entregas.csv" in runs[0][3]
    assert (first.run_id, "landing__alimentos_entregas", "fallido") in steps

    warehouse.publish(settings.build_database, settings.published_database, "corrida-publicada")
    assert [run for run, *_ in history(settings.published_database)] == [
        first.run_id,
        second.run_id,
        "corrida-publicada",
    ]
