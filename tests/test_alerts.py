"""Alerts reach a local webhook and a local SMTP server, with the run's summary.

The plain part (`ingestion.alerts`) is tested with controlled times; the Dagster sensors are
evaluated against an ephemeral instance on a small build database (no refresh runs here).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from ingestion.alerts import (
    AlertSettings,
    AlertSettingsError,
    LoadSummary,
    Message,
    QuarantineThreshold,
    failure_message,
    findings_message,
    refresh_findings,
    send_alert,
)
from ingestion.settings import Settings
from ingestion.sources import CONTRACTS
from orchestration.defs.alerts import (
    AlertDeliveryError,
    refresh_failure_alert,
    refresh_findings_alert,
)
from tests.ingestion.load_log import record_load, record_reconciliation

WEBHOOK_TOKEN = "T000/B000/secreto-del-webhook"
SMTP_USER, SMTP_PASSWORD = "alertas", "clave-smtp-de-prueba"


# --- Local servers ------------------------------------------------------------------------


@dataclass
class Webhook:
    url: str
    posts: list[dict] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    """A Slack-like incoming webhook on loopback that records what it is sent."""
    hook = Webhook(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.posts.append(
                {
                    "path": self.path,
                    "content_type": self.headers["Content-Type"],
                    "json": json.loads(body),
                }
            )
            self.send_response(hook.status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hook.url = f"http://127.0.0.1:{server.server_port}/services/{WEBHOOK_TOKEN}"
    yield hook
    server.shutdown()
    server.server_close()


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A local SMTP server (aiosmtpd) that asks for a login and keeps what it receives."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox(port=port)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            box.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (SMTP_USER.encode(), SMTP_PASSWORD.encode())
        if ok:
            box.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,  # loopback only; production uses STARTTLS (the default)
    )
    controller.start()
    yield box
    controller.stop()


def channel_env(webhook: Webhook | None, mailbox: Mailbox | None) -> dict[str, str]:
    env = {}
    if webhook:
        env["HUASCO_ALERT_WEBHOOK_URL"] = webhook.url
    if mailbox:
        env |= {
            "HUASCO_SMTP_HOST": "127.0.0.1",
            "HUASCO_SMTP_PORT": str(mailbox.port),
            "HUASCO_SMTP_SECURITY": "none",
            "HUASCO_SMTP_USER": SMTP_USER,
            "HUASCO_SMTP_PASSWORD": SMTP_PASSWORD,
            "HUASCO_SMTP_FROM": "almacen@gobernacion.example",
            "HUASCO_SMTP_TO": "datos@gobernacion.example, auditoria@gobernacion.example",
        }
    return env


# --- Sending ------------------------------------------------------------------------------

STARTED = datetime(2026, 11, 29, 5, 0, tzinfo=UTC)
ENDED = STARTED + timedelta(minutes=3, seconds=12)


def a_failure() -> Message:
    return failure_message(
        job_name="nightly_refresh",
        run_id="0f1e2d3c-aaaa-bbbb-cccc-000000000000",
        started=STARTED,
        ended=ENDED,
        error="dbt build falló: 2 pruebas con error (archivo entregas_2026.csv, línea 14)",
        failed_steps=["huasco_dbt_models"],
    )


def test_the_alert_reaches_the_webhook_and_the_mailbox(webhook, mailbox):
    settings = AlertSettings.from_env(channel_env(webhook, mailbox))

    delivery = send_alert(a_failure(), settings)

    assert delivery.sent == ("webhook", "email") and not delivery.failed
    [post] = webhook.posts
    assert post["path"] == f"/services/{WEBHOOK_TOKEN}"
    assert post["content_type"] == "application/json"
    assert set(post["json"]) == {"text"}
    text = post["json"]["text"]
    assert "Falló el refresco 0f1e2d3c" in text
    assert "Corrida: 0f1e2d3c-aaaa-bbbb-cccc-000000000000 (trabajo nightly_refresh)" in text
    assert "duración: 3 min 12 s" in text
    assert "Pasos fallidos: huasco_dbt_models" in text
    assert "entregas_2026.csv, línea 14" in text

    [email] = mailbox.messages
    assert mailbox.logins == [SMTP_USER]
    assert mailbox.envelopes == [
        (
            "almacen@gobernacion.example",
            ["datos@gobernacion.example", "auditoria@gobernacion.example"],
        )
    ]
    assert email["Subject"] == a_failure().subject
    assert email.get_content().replace("\r\n", "\n").strip() == a_failure().body


def test_nothing_configured_sends_nothing_and_says_so(caplog):
    with caplog.at_level(logging.WARNING, logger="ingestion.alerts"):
        delivery = send_alert(a_failure(), AlertSettings.from_env({}))

    assert not delivery.configured
    assert "no webhook or SMTP configured" in caplog.text
    assert a_failure().subject in caplog.text


def test_a_refusing_webhook_does_not_stop_the_mail_nor_leak_its_token(webhook, mailbox):
    webhook.status = 500

    delivery = send_alert(a_failure(), AlertSettings.from_env(channel_env(webhook, mailbox)))

    assert delivery.sent == ("email",)
    [reason] = delivery.failed
    assert reason.startswith("webhook: HTTPError") and "500" in reason
    assert WEBHOOK_TOKEN not in reason and "secreto" not in reason
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"HUASCO_SMTP_HOST": "smtp.example"}, "HUASCO_SMTP_FROM and HUASCO_SMTP_TO"),
        ({"HUASCO_SMTP_PORT": "veinticinco"}, "HUASCO_SMTP_PORT='veinticinco'"),
        ({"HUASCO_SMTP_SECURITY": "tls"}, "HUASCO_SMTP_SECURITY='tls'"),
        ({"HUASCO_ALERT_QUARANTINE_SHARE": "5"}, "no greater than 1"),
        ({"HUASCO_SMTP_USER": "alertas"}, "go together"),
    ],
)
def test_malformed_settings_are_named(env, error):
    with pytest.raises(AlertSettingsError, match=error):
        AlertSettings.from_env(env)


def test_a_few_bad_rows_in_a_small_sheet_are_no_alert_by_default():
    default = AlertSettings.from_env({}).quarantine_threshold
    stricter = AlertSettings.from_env(
        {"HUASCO_ALERT_QUARANTINE_SHARE": "0.01", "HUASCO_ALERT_QUARANTINE_MIN_ROWS": "1"}
    ).quarantine_threshold

    one_typo = LoadSummary("programacion_anual", "p.xlsx", 61, 60, 1)
    degrading = LoadSummary("get_atenciones", "g.csv", 1349, 1342, 7)
    clean_enough = LoadSummary("area_social_atenciones", "a.csv", 870, 866, 4)

    assert [default.exceeded_by(load) for load in (one_typo, degrading, clean_enough)] == [
        False,
        True,
        False,
    ]
    assert [stricter.exceeded_by(load) for load in (one_typo, degrading, clean_enough)] == [
        True,
        False,
        False,
    ]


def test_settings_never_show_their_secrets(webhook, mailbox):
    shown = repr(AlertSettings.from_env(channel_env(webhook, mailbox)))
    assert WEBHOOK_TOKEN not in shown and SMTP_PASSWORD not in shown


# --- What a refresh left (controlled times) -----------------------------------------------

NOW = datetime(2026, 11, 29, 5, 10, tzinfo=UTC)
RUN_STARTED = NOW - timedelta(minutes=10)
PREVIOUS_REFRESH = NOW - timedelta(days=1)


@pytest.fixture
def build(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A build database where every source got a new extract yesterday, except as told."""
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    for source in CONTRACTS:
        if source not in {"alimentos_entregas", "orasmi_solicitudes", "stop_casos"}:
            record_load(con, source, PREVIOUS_REFRESH)
    yield con
    con.close()


def test_findings_name_new_mismatches_heavy_quarantines_and_newly_stale_sources(build):
    # This run: one file loses 2 of 100 lines to quarantine (2 %), another 1 of 1000.
    record_load(build, "alimentos_entregas", NOW, rows_loaded=98, rows_quarantined=2)
    record_load(build, "orasmi_solicitudes", NOW, rows_loaded=999, rows_quarantined=1)
    # An earlier heavy quarantine was reported by its own run.
    record_load(build, "orasmi_solicitudes", PREVIOUS_REFRESH, location="/d/viejo.csv",
                rows_loaded=50, rows_quarantined=50)  # fmt: skip
    # The weekly export (10 days at most) arrived 10¼ days ago: fine yesterday, stale today.
    record_load(build, "stop_casos", NOW - timedelta(days=10, hours=6))
    # programacion_anual was already stale at the previous refresh.
    build.execute(
        "update raw.extract_loads set loaded_at = ? where source = 'programacion_anual'",
        [NOW - timedelta(days=500)],
    )
    record_reconciliation(
        build,
        "r1",
        PREVIOUS_REFRESH,
        {"II.6-a": "match", "II.6-b": "mismatch", "II.6-c": "explained"},
    )
    record_reconciliation(
        build,
        "r2",
        NOW,
        {"II.6-a": "mismatch", "II.6-b": "mismatch", "II.6-c": "match", "II.6-d": "mismatch"},
    )

    findings = refresh_findings(
        build,
        run_started_at=RUN_STARTED,
        now=NOW,
        previous_refresh_at=PREVIOUS_REFRESH,
        quarantine_threshold=QuarantineThreshold(share=0.005, min_rows=2),
    )

    assert [(m.check_id, m.previous_status) for m in findings.new_mismatches] == [
        ("II.6-a", "match"),
        ("II.6-d", None),
    ]
    assert [load.source for load in findings.quarantines_over_threshold] == ["alimentos_entregas"]
    assert len(findings.loads) == 2
    assert [f.source for f in findings.newly_stale] == ["stop_casos"]
    assert {f.source for f in findings.stale} == {"stop_casos", "programacion_anual"}
    assert findings.reconciliation_counts == {"match": 1, "mismatch": 3}
    assert findings.needs_alert

    message = findings_message(
        findings, job_name="nightly_refresh", run_id="abcdef12-run", started=RUN_STARTED, ended=NOW
    )
    assert "2 cifra(s) nueva(s) que no cuadran" in message.subject
    body = message.body
    assert "Corrida: abcdef12-run (trabajo nightly_refresh)" in body
    assert "Extractos nuevos cargados: 2 (1.097 filas cargadas, 3 en cuarentena)" in body
    assert "cuadran 1, no cuadran 3" in body
    assert "huasco_2020 · II.6-a (Cifra II.6-a): publicado 10, calculado 12; antes: match" in body
    assert "II.6-d" in body and "II.6-b" not in body
    assert "alimentos_entregas · alimentos_entregas.csv: 2 de 100 líneas (2 %)" in body
    assert "(`stop_casos`): último extracto nuevo hace 10 días" in body
    assert "(nueva)" in body and "programacion_anual" in body
    assert "(2 o más filas y más de 0,5 % de sus líneas)" in body


def test_a_refresh_that_did_not_reconcile_reports_no_mismatch(build):
    record_reconciliation(build, "r1", PREVIOUS_REFRESH - timedelta(days=1), {"II.6-a": "match"})
    record_reconciliation(build, "r2", PREVIOUS_REFRESH, {"II.6-a": "mismatch"})

    findings = refresh_findings(
        build, run_started_at=RUN_STARTED, now=NOW, previous_refresh_at=PREVIOUS_REFRESH
    )

    assert findings.new_mismatches == () and findings.reconciliation_counts == {}


def test_a_quiet_refresh_needs_no_alert(build):
    for source in ("alimentos_entregas", "orasmi_solicitudes", "stop_casos"):
        record_load(build, source, NOW)
    record_reconciliation(build, "r1", NOW, {"II.6-a": "match"})

    findings = refresh_findings(
        build, run_started_at=RUN_STARTED, now=NOW, previous_refresh_at=PREVIOUS_REFRESH
    )

    assert not findings.needs_alert


# --- The Dagster sensors ------------------------------------------------------------------


@dg.op
def refresh_step() -> None:
    """Stands for the refresh: the build database is prepared by the test."""


@dg.op
def failing_step() -> None:
    raise RuntimeError("dbt build falló: la prueba not_null de stg_alimentos__entregas")


@dg.job(name="nightly_refresh")
def succeeding_refresh():
    refresh_step()


@dg.job(name="nightly_refresh")
def failing_refresh():
    failing_step()


@pytest.fixture
def environment(tmp_path, monkeypatch, webhook, mailbox) -> Settings:
    for name, value in channel_env(webhook, mailbox).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HUASCO_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    settings = Settings.from_env()
    settings.build_database.parent.mkdir(parents=True)
    return settings


def test_a_failed_refresh_alerts_with_its_error(environment, webhook, mailbox):
    with dg.DagsterInstance.ephemeral() as instance:
        result = failing_refresh.execute_in_process(instance=instance, raise_on_error=False)
        context = dg.build_run_status_sensor_context(
            sensor_name=refresh_failure_alert.name,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=result.get_run_failure_event(),
        ).for_run_failure()

        refresh_failure_alert(context)

    run_id = result.run_id
    [post] = webhook.posts
    [email] = mailbox.messages
    for text in (post["json"]["text"], email.get_content()):
        assert f"Corrida: {run_id} (trabajo nightly_refresh)" in text
        assert "Pasos fallidos: failing_step" in text
        assert "El almacén publicado sigue siendo el de la última corrida exitosa" in text
    assert email["Subject"].endswith(f"Falló el refresco {run_id[:8]}")


def test_a_successful_refresh_with_findings_alerts_with_its_summary(environment, webhook, mailbox):
    with dg.DagsterInstance.ephemeral() as instance:
        result = succeeding_refresh.execute_in_process(instance=instance)
        # What this run left in the build database (loaded after it started).
        now = datetime.now(UTC)
        with duckdb.connect(str(environment.build_database)) as con:
            for source in CONTRACTS:
                record_load(con, source, now - timedelta(days=2))
            record_load(con, "alimentos_entregas", now, rows_loaded=90, rows_quarantined=10)
            record_load(con, "stop_casos", now - timedelta(days=30), location="/d/otra.csv")
            con.execute(
                "update raw.extract_loads set loaded_at = ? where source = 'stop_casos'",
                [now - timedelta(days=30)],
            )
            record_reconciliation(con, "r1", now - timedelta(days=1), {"II.6-a": "match"})
            record_reconciliation(con, "r2", now, {"II.6-a": "mismatch"})
        context = dg.build_run_status_sensor_context(
            sensor_name=refresh_findings_alert.name,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=result.get_run_success_event(),
        )

        assert refresh_findings_alert(context) is None

    [post] = webhook.posts
    [email] = mailbox.messages
    for text in (post["json"]["text"], email.get_content()):
        assert f"Corrida: {result.run_id} (trabajo nightly_refresh)" in text
        assert "Extractos nuevos cargados: 1 (90 filas cargadas, 10 en cuarentena)" in text
        assert "huasco_2020 · II.6-a" in text
        assert "alimentos_entregas · alimentos_entregas.csv: 10 de 100 líneas (10 %)" in text
        assert "(`stop_casos`): último extracto nuevo hace 30 días" in text


def test_a_quiet_successful_refresh_sends_nothing(environment, webhook, mailbox):
    with dg.DagsterInstance.ephemeral() as instance:
        result = succeeding_refresh.execute_in_process(instance=instance)
        with duckdb.connect(str(environment.build_database)) as con:
            for source in CONTRACTS:
                record_load(con, source, datetime.now(UTC))
        context = dg.build_run_status_sensor_context(
            sensor_name=refresh_findings_alert.name,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=result.get_run_success_event(),
        )

        skipped = refresh_findings_alert(context)

    assert isinstance(skipped, dg.SkipReason)
    assert webhook.posts == [] and mailbox.messages == []


def test_a_channel_that_refuses_fails_the_sensor_tick(environment, webhook, mailbox):
    webhook.status = 403
    with dg.DagsterInstance.ephemeral() as instance:
        result = failing_refresh.execute_in_process(instance=instance, raise_on_error=False)
        context = dg.build_run_status_sensor_context(
            sensor_name=refresh_failure_alert.name,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=result.get_run_failure_event(),
        ).for_run_failure()

        with pytest.raises(AlertDeliveryError, match=r"webhook: HTTPError.*403"):
            refresh_failure_alert(context)

    assert len(mailbox.messages) == 1  # the other channel still got it
