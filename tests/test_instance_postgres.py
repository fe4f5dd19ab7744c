"""The production instance configuration (docs/dagster.postgres.yaml) against a real PostgreSQL
server started here: a materialisation's run and events are stored there and read back."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import psycopg2
import pytest

from ingestion.settings import PROJECT_ROOT

EXAMPLE_CONFIG = PROJECT_ROOT / "docs" / "dagster.postgres.yaml"
SERVER_START_TIMEOUT_S = 60
# The server refuses to run as root: the tests, run as root in CI, start it as this account.
UNPRIVILEGED_USER = "nobody"


def postgres_bin_dir() -> Path | None:
    """Where `initdb` and `postgres` are: on PATH, or Debian's versioned folder (newest)."""
    on_path = shutil.which("initdb")
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
        reverse=True,
    )
    for initdb in [on_path, *debian]:
        if initdb and (Path(initdb).parent / "postgres").exists():
            return Path(initdb).parent
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_server_account() -> dict:
    """subprocess arguments that drop root for the server's account (nothing when not root)."""
    if os.geteuid() != 0:
        return {}
    account = pwd.getpwnam(UNPRIVILEGED_USER)
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[dict[str, str]]:
    """A throw-away PostgreSQL cluster on a free port; yields connection settings."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, postgres) on PATH or in "
            "/usr/lib/postgresql/*/bin: install Debian's postgresql package (.ci/run does)"
        )
    # Under /tmp (not pytest's private tmp folder) so the unprivileged account can reach it.
    root = Path(tempfile.mkdtemp(prefix="huasco-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    account = as_server_account()
    if account:
        for path in (root, sockets):
            os.chown(path, account["user"], account["group"])
    port = free_port()
    server = None
    try:
        subprocess.run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "dagster", "--auth=trust",
             "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, text=True, timeout=120, **account,
        )  # fmt: skip
        with (root / "server.log").open("w") as log:
            server = subprocess.Popen(
                [str(bin_dir / "postgres"), "-D", str(data), "-p", str(port), "-k", str(sockets),
                 "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                stdout=log, stderr=subprocess.STDOUT, **account,
            )  # fmt: skip
        wait_until_accepting(port, server, root / "server.log")
        admin = psycopg2.connect(host="127.0.0.1", port=port, user="dagster", dbname="postgres")
        admin.autocommit = True  # create database cannot run in a transaction
        admin.cursor().execute("create database dagster")
        admin.close()
        yield {
            "HUASCO_DAGSTER_PG_HOST": "127.0.0.1",
            "HUASCO_DAGSTER_PG_PORT": str(port),
            "HUASCO_DAGSTER_PG_DB": "dagster",
            "HUASCO_DAGSTER_PG_USER": "dagster",
            "HUASCO_DAGSTER_PG_PASSWORD": "sin-uso-con-auth-trust",
        }
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)  # "fast" shutdown: ends sessions, then exits
            server.wait(timeout=60)
        shutil.rmtree(root, ignore_errors=True)


def wait_until_accepting(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"postgres exited with {server.returncode}:\n{log.read_text()}")
        try:
            psycopg2.connect(host="127.0.0.1", port=port, user="dagster", dbname="postgres").close()
            return
        except psycopg2.OperationalError as error:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"postgres did not accept connections:\n{log.read_text()}"
                ) from error
            time.sleep(0.1)


@dg.asset
def cuenta_publica_prueba() -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"filas": 3})


def test_runs_and_their_events_are_stored_in_postgresql(
    postgres_server, tmp_path: Path, monkeypatch
) -> None:
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage

    for variable, value in postgres_server.items():
        monkeypatch.setenv(variable, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(EXAMPLE_CONFIG, home / "dagster.yaml")  # the documented file, as is

    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        result = dg.materialize([cuenta_publica_prueba], instance=instance)
        assert result.success

    # A new instance (new connections) reads the run and its materialisation back.
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run = instance.get_run_by_id(result.run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
        event = instance.get_latest_materialization_event(dg.AssetKey("cuenta_publica_prueba"))
        assert event is not None and event.run_id == result.run_id
        assert event.asset_materialization.metadata["filas"].value == 3

    # And it is PostgreSQL that holds them, not a file under DAGSTER_HOME.
    connection = psycopg2.connect(
        host="127.0.0.1", port=int(postgres_server["HUASCO_DAGSTER_PG_PORT"]), user="dagster",
        dbname="dagster",
    )  # fmt: skip
    with connection, connection.cursor() as cursor:
        cursor.execute("select status from runs where run_id = %s", (result.run_id,))
        assert cursor.fetchone() == ("SUCCESS",)
    connection.close()
    assert not list(home.rglob("*.db"))


def test_the_readme_shows_the_tested_configuration() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running it on a server", 1)[1]
    shown = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    lines = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines(keepends=True)
    first_setting = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    assert shown == "".join(lines[first_setting:])
