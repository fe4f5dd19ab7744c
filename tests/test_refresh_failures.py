"""What a refresh does with bad news: wrong figures are reported, broken data is not published."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity, DagsterInstance

from ingestion.rut import normalize_rut
from orchestration.defs.reconciliation import CHECK_NAME
from tests.conftest import FOOD_FILE, instance_env

pytestmark = pytest.mark.e2e


def run_refresh(monkeypatch, root: Path, extract: Path):
    """The nightly job, in process, on an isolated instance reading `extract`."""
    for name, value in instance_env(root).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUASCO_SOURCE_ALIMENTOS_ENTREGAS", str(extract))
    from orchestration.definitions import defs

    job = defs.resolve_job_def("nightly_refresh")
    with DagsterInstance.ephemeral() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="cp1252", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        return next(reader), list(reader)


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def failure_messages(result) -> str:
    """Every message in the chain of causes of the run's step failures."""
    messages = []
    for event in result.get_step_failure_events():
        error = event.event_specific_data.error
        while error is not None:
            messages.append(error.message)
            error = error.cause
    return "\n".join(messages)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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

    result = run_refresh(monkeypatch, tmp_path / "instance", mutated)

    assert result.success, "a published-figure mismatch is a warning, not a failed refresh"
    [evaluation] = [e for e in result.get_asset_check_evaluations() if e.check_name == CHECK_NAME]
    assert not evaluation.passed
    assert evaluation.severity == AssetCheckSeverity.WARN
    con = duckdb.connect(str(tmp_path / "instance" / "warehouse" / "huasco.duckdb"), read_only=True)
    failing = con.execute(
        """
        select figure_id, published_value, computed_value, difference from audit.reconciliation
        where section = 'alimentos' and status <> 'match' order by figure_id
        """
    ).fetchall()
    con.close()
    assert failing == [
        ("alimentos__alimentos_entregas_2020__freirina__segunda_entrega", 1000, 999, -1),
        ("alimentos__alimentos_entregas_2020__total_por_comuna__segunda_entrega", 9800, 9799, -1),
        ("alimentos__texto__cajas_mercaderia", 38400, 38399, -1),
    ]


@pytest.fixture
def published_instance(monkeypatch, tmp_path, demo_dir) -> Path:
    """An instance with a good published warehouse, to be hit by a bad refresh."""
    root = tmp_path / "instance"
    result = run_refresh(monkeypatch, root, demo_dir / FOOD_FILE)
    assert result.success
    return root


def test_a_file_that_breaks_the_contract_leaves_the_published_warehouse_untouched(
    monkeypatch, tmp_path, demo_dir, published_instance
):
    published = published_instance / "warehouse" / "huasco.duckdb"
    before = file_digest(published)
    header, rows = read_rows(demo_dir / FOOD_FILE)
    broken = write_rows(tmp_path / "broken" / FOOD_FILE.name, header[:-1], [r[:-1] for r in rows])

    result = run_refresh(monkeypatch, published_instance, broken)

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

    result = run_refresh(monkeypatch, published_instance, orphan)

    assert not result.success
    assert "huasco_dbt_models" in result.get_failed_step_keys()
    assert file_digest(published) == before
    shutil.rmtree(tmp_path / "orphan")
