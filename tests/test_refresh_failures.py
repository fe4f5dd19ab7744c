"""What a refresh does with broken data or a failing publish: the published warehouse stays."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckKey, AssetKey

from tests.conftest import (
    FOOD_FILE,
    execute,
    failure_messages,
    file_digest,
    read_rows,
    run_refresh,
    use_instance,
    write_rows,
)

pytestmark = pytest.mark.e2e


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

    result = reconcile_and_publish(monkeypatch, published_instance, demo_dir)

    assert not result.success
    assert result.get_failed_step_keys() == {"warehouse__huasco"}
    assert result.get_asset_check_evaluations(), "the reconciliation ran and wrote its pages"
    assert {path: file_digest(path) for path in before} == before
    assert sorted(p.relative_to(reports) for p in (reports / "data_docs").rglob("*")) == (
        data_docs_before
    )
    assert published_runs(published) == runs_before
    assert list(published.parent.glob("*.tmp")) == []


def reconcile_and_publish(monkeypatch, root: Path, demo_dir: Path):
    """The last steps of the nightly job (the reconciliation, which writes the run's pages,
    and the publish) over the build warehouse that the session's refresh left in `root`."""
    use_instance(monkeypatch, root, demo_dir)
    from orchestration.definitions import defs
    from orchestration.defs.reconciliation import CHECK_NAME, SECTION_MARTS

    job = defs.resolve_job_def("nightly_refresh").get_subset(
        asset_selection={AssetKey(["warehouse", "huasco"])},
        asset_check_selection={
            AssetCheckKey(asset_key=mart, name=CHECK_NAME) for mart in SECTION_MARTS.values()
        },
    )
    return execute(job)


def published_runs(path: Path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select * from audit.refresh_runs order by published_at").fetchall()
    finally:
        con.close()
