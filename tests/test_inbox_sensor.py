"""The inbox sensor: a dropped extract refreshes its source and everything downstream of it; a
foreign file is set aside; nothing is swept while a refresh is pending or running."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from ingestion import inbox, warehouse
from ingestion.sources import CONTRACTS
from orchestration.definitions import defs
from orchestration.defs.inbox import inbox_sensor
from tests.conftest import instance_env

FOOD = CONTRACTS["alimentos_entregas"]
FOOD_NAME = "entregas_alimentos_para_chile_2022.csv"


def food_extract() -> bytes:
    header = [column.header for column in FOOD.columns]
    row = [column.example for column in FOOD.columns]
    return "".join(f"{';'.join(line)}\r\n" for line in (header, row)).encode("cp1252")


@pytest.fixture
def office(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    """An inbox, a folder the configuration reads the food logs from, and a test instance."""
    for variable, value in instance_env(tmp_path).items():
        monkeypatch.setenv(variable, value)
    deliveries = tmp_path / "datos"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'local_roots = ["{deliveries}"]\n'
        f'[sources.alimentos_entregas]\nlocations = ["{deliveries / FOOD_NAME}"]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("HUASCO_SOURCES_FILE", str(sources))
    monkeypatch.setenv("HUASCO_INBOX_DIR", str(tmp_path / "buzon"))
    (tmp_path / "buzon").mkdir()
    return {"inbox": tmp_path / "buzon", "deliveries": deliveries, "root": tmp_path}


def drop(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    settled = time.time() - 600  # written ten minutes ago: no longer being copied
    os.utime(path, (settled, settled))
    return path


def evaluate(instance: dg.DagsterInstance):
    return inbox_sensor(dg.build_sensor_context(instance=instance, definitions=defs))


def test_a_dropped_extract_requests_a_refresh_of_its_source_and_downstream(office) -> None:
    drop(office["inbox"], FOOD_NAME, food_extract())

    with dg.instance_for_test() as instance:
        request = evaluate(instance)

    assert isinstance(request, dg.RunRequest)
    assert (office["deliveries"] / FOOD_NAME).read_bytes() == food_extract()
    assert not (office["inbox"] / FOOD_NAME).exists()
    selected = {key.to_user_string() for key in request.asset_selection}
    assert {
        "landing/alimentos_entregas",
        "raw/alimentos_entregas",
        "marts/alimentos_entregas_por_comuna",
        "warehouse/huasco",
    } <= selected
    # Other sources are not landed or loaded again (their marts are rebuilt when they share a
    # figure); tables only declared are not selected.
    assert not {"landing/stop_casos", "raw/stop_casos"} & selected
    assert "raw/extract_loads" not in selected
    assert "conciliacion_cifras_publicadas" in {key.name for key in request.asset_check_keys}
    assert request.tags["huasco/fuentes"] == "alimentos_entregas"
    # The nightly job can run exactly that selection.
    job = defs.resolve_job_def("nightly_refresh")
    subset = job.get_subset(
        asset_selection=set(request.asset_selection),
        asset_check_selection=set(request.asset_check_keys),
    )
    assert subset.name == "nightly_refresh"
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "nightly_refresh"


def test_a_foreign_file_is_set_aside_and_requests_nothing(office) -> None:
    drop(office["inbox"], "planilla final.xlsx", b"PK\x03\x04 no es del almacen")

    with dg.instance_for_test() as instance:
        result = evaluate(instance)

    assert isinstance(result, dg.SkipReason)
    [moved, note] = sorted((office["inbox"] / inbox.REJECTED_DIR_NAME).iterdir())
    assert moved.read_bytes() == b"PK\x03\x04 no es del almacen"
    assert note.name == moved.name + inbox.NOTE_SUFFIX
    assert "no corresponde a ninguna fuente" in note.read_text(encoding="utf-8")
    assert not (office["deliveries"] / FOOD_NAME).exists()


def test_nothing_is_swept_while_a_refresh_holds_the_warehouse(office) -> None:
    dropped = drop(office["inbox"], FOOD_NAME, food_extract())
    lock = office["root"] / "warehouse" / "build" / "refresco.lock"

    with dg.instance_for_test() as instance, warehouse.refresh_lock(lock, "corrida-en-curso"):
        result = evaluate(instance)

    assert isinstance(result, dg.SkipReason)
    assert "en curso" in result.skip_message
    assert dropped.exists()


def test_nothing_is_swept_while_a_refresh_waits_to_start(office) -> None:
    dropped = drop(office["inbox"], FOOD_NAME, food_extract())

    with dg.instance_for_test() as instance:
        instance.create_run_for_job(
            defs.resolve_job_def("nightly_refresh"), status=dg.DagsterRunStatus.NOT_STARTED
        )
        result = evaluate(instance)

    assert isinstance(result, dg.SkipReason)
    assert dropped.exists()


def test_without_an_inbox_folder_the_sensor_says_so(office, monkeypatch) -> None:
    monkeypatch.setenv("HUASCO_INBOX_DIR", str(office["root"] / "no-existe"))

    with dg.instance_for_test() as instance:
        result = evaluate(instance)

    assert isinstance(result, dg.SkipReason)
    assert "HUASCO_INBOX_DIR" in result.skip_message
