"""dbt's parse is kept beside the build file it was made for and handed to the next dbt run."""

from __future__ import annotations

from orchestration.defs import dbt as dbt_step
from orchestration.defs.resources import dbt_resource


def test_a_warehouse_keeps_its_parse_for_the_next_dbt_run(tmp_path, monkeypatch):
    monkeypatch.setenv("HUASCO_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path / "target"))
    from ingestion.settings import Settings

    settings = Settings.from_env()
    first = dbt_step._target_with_parse_state(settings, "run-one")
    assert not first.exists()  # no parse of this warehouse yet: dagster-dbt copies the project's

    first.mkdir(parents=True)
    (first / dbt_step.PARSE_STATE).write_bytes(b"parse for this warehouse")
    settings.build_database.parent.mkdir(parents=True)
    dbt_step._keep_parse_state(first, settings)
    assert dbt_step.parse_state_path(settings).read_bytes() == b"parse for this warehouse"

    second = dbt_step._target_with_parse_state(settings, "run-two")
    assert second != first
    assert second.parent == tmp_path / "target"
    assert (second / dbt_step.PARSE_STATE).read_bytes() == b"parse for this warehouse"


def test_the_dbt_resource_learns_the_version_without_running_dbt():
    from importlib.metadata import version

    assert str(dbt_resource()._cli_version) == version("dbt-core")
