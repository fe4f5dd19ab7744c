"""Source configuration: locations, overrides and credentials come from config and environment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from ingestion.settings import Settings, load_source_configs


def settings_with(tmp_path: Path, toml: str) -> Settings:
    sources = tmp_path / "sources.toml"
    sources.write_text(toml, encoding="utf-8")
    return dataclasses.replace(
        Settings.from_env(), sources_file=sources, demo_dir=tmp_path / "demo"
    )


def test_demo_locations_resolve_under_the_demo_folder(tmp_path: Path) -> None:
    settings = settings_with(
        tmp_path, '[sources.entregas]\nlocations = ["{demo_dir}/a.csv", "{demo_dir}/b.csv"]\n'
    )

    config = load_source_configs(settings)["entregas"]

    assert config.locations == (str(tmp_path / "demo" / "a.csv"), str(tmp_path / "demo" / "b.csv"))
    assert config.is_demo


def test_an_environment_override_replaces_the_locations_and_is_not_demo(
    tmp_path: Path, monkeypatch
) -> None:
    settings = settings_with(tmp_path, '[sources.entregas]\nlocations = ["{demo_dir}/a.csv"]\n')
    monkeypatch.setenv("HUASCO_SOURCE_ENTREGAS", "https://example.org/e.csv;/datos/f.csv")

    config = load_source_configs(settings)["entregas"]

    assert config.locations == ("https://example.org/e.csv", "/datos/f.csv")
    assert not config.is_demo


def test_credentials_are_read_from_the_named_environment_variable(
    tmp_path: Path, monkeypatch
) -> None:
    settings = settings_with(
        tmp_path,
        '[sources.entregas]\nlocations = ["ckan://datos.gob.cl/x/y"]\nauth_env = "PORTAL_TOKEN"\n',
    )
    monkeypatch.setenv("PORTAL_TOKEN", "Bearer abc")

    config = load_source_configs(settings)["entregas"]

    assert config.auth == "Bearer abc"
    assert config.locations == ("ckan://datos.gob.cl/x/y",)


def test_local_roots_are_the_demo_folder_the_config_and_the_environment(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("HUASCO_LOCAL_ROOTS", f"{tmp_path / 'uno'}:{tmp_path / 'dos'}")
    settings = settings_with(
        tmp_path,
        f'local_roots = ["{tmp_path / "config"}"]\n'
        '[sources.entregas]\nlocations = ["{demo_dir}/a.csv"]\n',
    )
    settings = dataclasses.replace(
        settings, extra_local_roots=Settings.from_env().extra_local_roots
    )

    config = load_source_configs(settings)["entregas"]

    assert config.local_roots == tuple(
        str(tmp_path / name) for name in ("demo", "config", "uno", "dos")
    )


def test_download_deadline_and_retention_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("HUASCO_DOWNLOAD_DEADLINE_S", "30")
    monkeypatch.setenv("HUASCO_LANDING_RETENTION_DAYS", "7")

    settings = Settings.from_env()

    assert (settings.download_deadline_s, settings.landing_retention_days) == (30, 7)
    monkeypatch.setenv("HUASCO_DOWNLOAD_DEADLINE_S", "nunca")
    with pytest.raises(ValueError, match="HUASCO_DOWNLOAD_DEADLINE_S='nunca'"):
        Settings.from_env()


def test_the_defaults_are_documented_values(monkeypatch) -> None:
    for variable in ("HUASCO_DOWNLOAD_DEADLINE_S", "HUASCO_LANDING_RETENTION_DAYS"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv("HUASCO_ALLOW_DEMO_RUT_KEY", raising=False)

    settings = Settings.from_env()

    assert (settings.download_deadline_s, settings.landing_retention_days) == (600, 90)
    assert not settings.allows_demo_rut_key


def test_the_lake_spark_folder_and_engine_follow_the_warehouse_unless_moved(
    monkeypatch, tmp_path: Path
) -> None:
    for variable in ("HUASCO_LAKE_DIR", "HUASCO_SPARK_DIR", "HUASCO_ENGINE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HUASCO_WAREHOUSE_DIR", str(tmp_path / "almacen"))

    settings = Settings.from_env()

    assert settings.lake_dir == tmp_path / "almacen" / "lake"
    assert settings.spark_tables_dir == tmp_path / "almacen" / "build" / "spark" / "tables"
    assert settings.engine == "duckdb"
    monkeypatch.setenv("HUASCO_LAKE_DIR", str(tmp_path / "compartido"))
    monkeypatch.setenv("HUASCO_ENGINE", "Spark")
    assert (Settings.from_env().lake_dir, Settings.from_env().engine) == (
        tmp_path / "compartido",
        "spark",
    )
    monkeypatch.setenv("HUASCO_ENGINE", "postgres")
    with pytest.raises(ValueError, match="HUASCO_ENGINE='postgres': expected one of duckdb, spark"):
        Settings.from_env()
