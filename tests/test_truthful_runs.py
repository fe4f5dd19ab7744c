"""Runs that tell the truth: what a failed or killed refresh leaves behind, and what it does not.

Built on tiny warehouse files and a one-op job with the real WarehouseResource, so they run in
seconds; the same fault injected into a whole refresh is in tests/test_refresh_failures.py.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.storage.dagster_run import DagsterRun

from ingestion import warehouse
from ingestion.settings import DEMO_RUT_KEY, PROJECT_ROOT, Settings
from orchestration.defs.jobs import nightly_refresh
from orchestration.defs.publish import published_warehouse
from orchestration.defs.resources import WarehouseResource
from tests.conftest import file_digest, instance_env


@pytest.fixture
def env(monkeypatch, tmp_path) -> Settings:
    for name, value in instance_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUASCO_RUT_KEY", "una-clave-secreta-de-prueba")
    monkeypatch.delenv("HUASCO_ALLOW_DEMO_RUT_KEY", raising=False)
    return Settings.from_env()


def make_build(path: Path, is_demo: bool = True) -> Path:
    """A build file with the one table publish reads: the load log."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute(
        """
        create table raw.extract_loads as select
            'alimentos_entregas' as source, '/datos/entregas.csv' as location,
            'entregas.csv' as file_name, repeat('a', 64) as sha256, 10 as size_bytes,
            ? as is_demo, now() as loaded_at, cast(null as timestamptz) as retired_at,
            8 as rows_loaded, 2 as rows_quarantined, 0 as rows_skipped
        """,
        [is_demo],
    )
    con.execute("create schema marts")
    con.execute("create table marts.cifras as select 1 as valor")
    con.close()
    return path


def refresh_run_ids(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("select run_id from audit.refresh_runs order by 1").fetchall()
        return [row[0] for row in rows]
    finally:
        con.close()


def fail_when_replacing(monkeypatch, target: Path) -> None:
    """A kill between the copy and the rename: the rename over `target` never happens."""
    real_replace = os.replace

    def replace(source, destination, *args, **kwargs):
        if Path(destination) == target:
            raise OSError("proceso terminado antes del reemplazo (falla inyectada)")
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def publish(build: Path, published: Path, run_id: str) -> None:
    """What the publish step does with the warehouse files."""
    warehouse.publish(build, published, run_id)
    warehouse.record_published_runs_in_build(build, published)


def test_a_publish_killed_before_the_rename_leaves_the_warehouse_and_its_history(
    tmp_path, monkeypatch
):
    build, published = make_build(tmp_path / "build" / "b.duckdb"), tmp_path / "w" / "h.duckdb"
    publish(build, published, "run-a")
    before = file_digest(published)
    fail_when_replacing(monkeypatch, published)

    with pytest.raises(OSError, match="falla inyectada"):
        publish(build, published, "run-b")

    assert file_digest(published) == before
    assert refresh_run_ids(published) == ["run-a"]
    assert refresh_run_ids(build) == ["run-a"], "the build must not carry the failed run"
    assert list(published.parent.glob("*.tmp")) == []
    monkeypatch.undo()
    publish(build, published, "run-c")
    assert refresh_run_ids(published) == ["run-a", "run-c"]


def test_runs_published_but_missing_from_the_build_stay_in_the_history(tmp_path):
    build, published = make_build(tmp_path / "build" / "b.duckdb"), tmp_path / "w" / "h.duckdb"
    warehouse.publish(build, published, "run-a")  # killed right after the rename

    publish(build, published, "run-b")

    assert refresh_run_ids(published) == ["run-a", "run-b"]
    assert refresh_run_ids(build) == ["run-a", "run-b"]


def test_published_files_are_for_the_group_and_the_build_for_the_pipeline(tmp_path):
    build, published = make_build(tmp_path / "build" / "b.duckdb"), tmp_path / "w" / "h.duckdb"

    publish(build, published, "run-a")

    assert stat.S_IMODE(published.stat().st_mode) == 0o640
    assert stat.S_IMODE(published.parent.stat().st_mode) == 0o750
    assert stat.S_IMODE(build.stat().st_mode) == 0o600


# The publish asset alone, on a tiny build, with the real resource and an ephemeral instance.


def materialize_publish(instance=None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [published_warehouse],
        resources={"warehouse": WarehouseResource()},
        instance=instance,
        raise_on_error=False,
    )


def pending_reports(settings: Settings, run_id: str, text: str) -> Path:
    pending = settings.pending_reports_dir(run_id)
    (pending / "data_docs").mkdir(parents=True)
    (pending / "reconciliation.html").write_text(text, encoding="utf-8")
    (pending / "data_docs" / "index.html").write_text(text, encoding="utf-8")
    return pending


def test_reports_move_into_place_only_when_the_warehouse_is_published(env, monkeypatch):
    make_build(env.build_database)
    env.reports_dir.mkdir(parents=True)
    (env.reports_dir / "reconciliation.html").write_text("publicado", encoding="utf-8")
    original_publish = warehouse.publish

    def publish_after_reconciling(build, published, run_id, record=None):
        # What the reconciliation step of the same run writes before the publish.
        pending_reports(env, run_id, f"corrida {run_id}")
        return original_publish(build, published, run_id, record)

    monkeypatch.setattr(warehouse, "publish", publish_after_reconciling)
    fail_when_replacing(monkeypatch, env.published_database)
    with dg.DagsterInstance.ephemeral() as instance:
        failed = materialize_publish(instance)
        assert not failed.success
        assert (env.reports_dir / "reconciliation.html").read_text(encoding="utf-8") == "publicado"
        assert not (env.reports_dir / "data_docs").exists()
        assert [p.name for p in env.pending_reports_root.iterdir()] == [failed.run_id]

        monkeypatch.setattr(os, "replace", os.rename)  # the rename works again
        published = materialize_publish(instance)

    assert published.success
    html = (env.reports_dir / "reconciliation.html").read_text(encoding="utf-8")
    assert html == f"corrida {published.run_id}"
    assert (env.reports_dir / "data_docs" / "index.html").exists()
    assert list(env.pending_reports_root.iterdir()) == []  # the failed run's folder too
    assert stat.S_IMODE((env.reports_dir / "reconciliation.html").stat().st_mode) == 0o640
    assert stat.S_IMODE((env.reports_dir / "data_docs").stat().st_mode) == 0o750


def test_real_extracts_with_the_demo_key_are_not_published(env, monkeypatch):
    make_build(env.build_database, is_demo=False)
    monkeypatch.setenv("HUASCO_RUT_KEY", DEMO_RUT_KEY)

    result = materialize_publish()

    assert not result.success
    [failure] = result.get_step_failure_events()
    message = failure.event_specific_data.error.message
    assert "HUASCO_RUT_KEY" in message and "clave pública de demostración" in message
    assert not env.published_database.exists()

    monkeypatch.setenv("HUASCO_ALLOW_DEMO_RUT_KEY", "1")
    assert materialize_publish().success
    assert env.published_database.exists()


def test_demo_extracts_with_the_demo_key_are_published(env, monkeypatch):
    make_build(env.build_database, is_demo=True)
    monkeypatch.setenv("HUASCO_RUT_KEY", DEMO_RUT_KEY)

    assert materialize_publish().success


def test_a_second_refresh_stops_at_once_while_one_runs(env):
    make_build(env.build_database)

    with warehouse.refresh_lock(env.refresh_lock, "corrida-en-curso"):
        started = time.monotonic()
        result = materialize_publish()
        elapsed = time.monotonic() - started

    assert not result.success
    assert elapsed < 10
    messages = [event.message or "" for event in result.all_events if event.is_failure] + [
        str(event.event_specific_data) for event in result.all_events if event.is_failure
    ]
    assert any("ya hay un refresco en curso" in m and "corrida-en-curso" in m for m in messages)
    assert not env.published_database.exists()
    # Once the first is over, the next one runs.
    assert materialize_publish().success


def test_interrupted_runs_are_marked_failed_and_their_leftovers_removed(env):
    make_build(env.build_database)
    stale_copy = env.published_database.with_name(f".{env.published_database.name}.4242.tmp")
    stale_copy.parent.mkdir(parents=True, exist_ok=True)
    stale_copy.write_bytes(b"copia a medias")
    stale_wal = stale_copy.with_name(stale_copy.name + ".wal")
    stale_wal.write_bytes(b"registro a medias")
    stale_pending = pending_reports(env, "corrida-muerta", "a medias")

    with dg.DagsterInstance.ephemeral() as instance:
        killed = DagsterRun(job_name=nightly_refresh.name, status=dg.DagsterRunStatus.STARTED)
        other_job = DagsterRun(job_name="otro_trabajo", status=dg.DagsterRunStatus.STARTED)
        instance.add_run(killed)
        instance.add_run(other_job)

        assert materialize_publish(instance).success

        assert instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(other_job.run_id).status == dg.DagsterRunStatus.STARTED
    assert not stale_copy.exists()
    assert not stale_wal.exists()
    assert not stale_pending.exists()


HOLD_LOCK = """
import sys, time
from pathlib import Path
from ingestion.warehouse import refresh_lock
with refresh_lock(Path(sys.argv[1]), "corrida-que-muere"):
    print("ready", flush=True)
    time.sleep(60)
"""


def test_the_lock_names_its_holder_and_dies_with_it(tmp_path):
    lock = tmp_path / "build" / "refresco.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with (
            pytest.raises(warehouse.RefreshInProgress, match="corrida-que-muere"),
            warehouse.refresh_lock(lock, "otra-corrida"),
        ):
            pass
        with warehouse.refresh_lock(lock, "corrida-que-muere"):
            pass  # another step of the holder's own run goes on
    finally:
        holder.kill()  # as kill -9 would
        holder.wait()

    with warehouse.refresh_lock(lock, "la-siguiente"):
        assert lock.read_text().startswith("la-siguiente desde ")
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    assert stat.S_IMODE(lock.parent.stat().st_mode) == 0o700
