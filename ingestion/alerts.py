"""Alerts: what went wrong in a refresh, sent to a webhook and/or by e-mail.

Channels come from the environment only (a webhook URL and an SMTP password are secrets):

- `HUASCO_ALERT_WEBHOOK_URL`: receives `{"text": ...}` (Slack and Teams incoming webhooks).
- `HUASCO_SMTP_HOST`, `HUASCO_SMTP_PORT` (587), `HUASCO_SMTP_SECURITY` (`starttls`, `ssl` or
  `none`), `HUASCO_SMTP_USER`, `HUASCO_SMTP_PASSWORD`, `HUASCO_SMTP_FROM`, `HUASCO_SMTP_TO`
  (addresses separated by commas).

With nothing configured an alert is only logged. What triggers one after a successful refresh
(`refresh_findings`): a reconciliation figure that became a mismatch, a load of this run whose
quarantine exceeds its threshold (`QuarantineThreshold`: HUASCO_ALERT_QUARANTINE_SHARE and
HUASCO_ALERT_QUARANTINE_MIN_ROWS), a source that became stale. A failed refresh always does
(`failure_message`).
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

import duckdb
import requests

from ingestion.freshness import SourceFreshness, stale_sources
from ingestion.warehouse import has_table

logger = logging.getLogger(__name__)

# Below the share at which dbt stops the refresh (`quarantine_max_share`, 1 %): a warning
# that a file is degrading while its figures are still published. Like dbt's rule, a few
# rows are tolerated whatever the share, so one typo in a 60-line sheet is no alert.
DEFAULT_QUARANTINE_SHARE = 0.005
DEFAULT_QUARANTINE_MIN_ROWS = 3
DEFAULT_SMTP_PORT = 587
DEFAULT_TIMEOUT_S = 10.0
SMTP_SECURITY_MODES = ("starttls", "ssl", "none")
SUBJECT_PREFIX = "[Cuenta Pública Huasco]"


class AlertSettingsError(ValueError):
    """An alert setting in the environment is malformed (named in the message)."""


@dataclass(frozen=True)
class QuarantineThreshold:
    """A load is reported when at least `min_rows` of its data lines, and more than `share`
    of them, went to quarantine."""

    share: float = DEFAULT_QUARANTINE_SHARE
    min_rows: int = DEFAULT_QUARANTINE_MIN_ROWS

    def exceeded_by(self, load: LoadSummary) -> bool:
        return load.rows_quarantined >= self.min_rows and load.quarantine_share > self.share

    def describe(self) -> str:
        return f"{self.min_rows} o más filas y más de {_percent(self.share)} de sus líneas"


@dataclass(frozen=True)
class AlertSettings:
    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    smtp_to: tuple[str, ...] = ()
    timeout_s: float = DEFAULT_TIMEOUT_S
    quarantine_threshold: QuarantineThreshold = QuarantineThreshold()

    def __repr__(self) -> str:  # the webhook URL carries its token: never in a log
        return (
            f"AlertSettings(webhook={'sí' if self.webhook_url else 'no'}, "
            f"smtp={self.smtp_host or 'no'}:{self.smtp_port}, to={list(self.smtp_to)})"
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AlertSettings:
        env = os.environ if environ is None else environ

        def text(name: str) -> str | None:
            return env.get(name, "").strip() or None

        security = (text("HUASCO_SMTP_SECURITY") or "starttls").lower()
        if security not in SMTP_SECURITY_MODES:
            modes = ", ".join(SMTP_SECURITY_MODES)
            raise AlertSettingsError(f"HUASCO_SMTP_SECURITY={security!r}: expected one of {modes}")
        settings = cls(
            webhook_url=text("HUASCO_ALERT_WEBHOOK_URL"),
            smtp_host=text("HUASCO_SMTP_HOST"),
            smtp_port=int(_number(env, "HUASCO_SMTP_PORT", DEFAULT_SMTP_PORT, integer=True)),
            smtp_security=security,
            smtp_user=text("HUASCO_SMTP_USER"),
            smtp_password=text("HUASCO_SMTP_PASSWORD"),
            smtp_from=text("HUASCO_SMTP_FROM"),
            smtp_to=tuple(
                address.strip()
                for address in (text("HUASCO_SMTP_TO") or "").split(",")
                if address.strip()
            ),
            timeout_s=_number(env, "HUASCO_ALERT_TIMEOUT_S", DEFAULT_TIMEOUT_S),
            quarantine_threshold=QuarantineThreshold(
                share=_number(
                    env, "HUASCO_ALERT_QUARANTINE_SHARE", DEFAULT_QUARANTINE_SHARE, at_most=1
                ),
                min_rows=int(
                    _number(
                        env,
                        "HUASCO_ALERT_QUARANTINE_MIN_ROWS",
                        DEFAULT_QUARANTINE_MIN_ROWS,
                        integer=True,
                    )
                ),
            ),
        )
        if settings.smtp_host and not (settings.smtp_from and settings.smtp_to):
            raise AlertSettingsError(
                "HUASCO_SMTP_HOST is set: HUASCO_SMTP_FROM and HUASCO_SMTP_TO are needed too"
            )
        if bool(settings.smtp_user) != bool(settings.smtp_password):
            raise AlertSettingsError("HUASCO_SMTP_USER and HUASCO_SMTP_PASSWORD go together")
        return settings

    @property
    def channels(self) -> tuple[str, ...]:
        configured = {"webhook": self.webhook_url, "email": self.smtp_host}
        return tuple(channel for channel, setting in configured.items() if setting)


def _number(
    env: Mapping[str, str],
    name: str,
    default: float,
    *,
    integer: bool = False,
    at_most: float | None = None,
) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value) if integer else float(value)
    except ValueError:
        raise AlertSettingsError(f"{name}={value!r}: expected a number") from None
    if number <= 0 or (at_most is not None and number > at_most):
        bound = f" no greater than {at_most:g}" if at_most is not None else ""
        raise AlertSettingsError(f"{name}={value!r}: expected a positive number{bound}")
    return number


@dataclass(frozen=True)
class Message:
    subject: str
    body: str

    @property
    def text(self) -> str:
        return f"{self.subject}\n\n{self.body}"


@dataclass(frozen=True)
class Delivery:
    sent: tuple[str, ...]  # channels that accepted the message
    failed: tuple[str, ...]  # "channel: reason", for the log (never with a secret)

    @property
    def configured(self) -> bool:
        return bool(self.sent or self.failed)


def send_alert(message: Message, settings: AlertSettings) -> Delivery:
    """Send to every configured channel; one failing does not stop the other.

    Failures are returned (and logged), not raised, so every channel is tried; the sensors
    then fail their tick with the reasons."""
    if not settings.channels:
        logger.warning("alert not sent (no webhook or SMTP configured): %s", message.subject)
        return Delivery(sent=(), failed=())
    sent, failed = [], []
    senders = {"webhook": _post_webhook, "email": _send_email}
    for channel in settings.channels:
        try:
            senders[channel](message, settings)
        except (requests.RequestException, smtplib.SMTPException, OSError) as error:
            reason = f"{channel}: {_describe_error(error, settings)}"
            logger.error("alert not delivered: %s", reason)
            failed.append(reason)
        else:
            sent.append(channel)
    return Delivery(sent=tuple(sent), failed=tuple(failed))


def _post_webhook(message: Message, settings: AlertSettings) -> None:
    response = requests.post(
        settings.webhook_url, json={"text": message.text}, timeout=settings.timeout_s
    )
    response.raise_for_status()


def _send_email(message: Message, settings: AlertSettings) -> None:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = settings.smtp_from
    email["To"] = ", ".join(settings.smtp_to)
    email.set_content(message.body)
    smtp_class = smtplib.SMTP_SSL if settings.smtp_security == "ssl" else smtplib.SMTP
    with smtp_class(settings.smtp_host, settings.smtp_port, timeout=settings.timeout_s) as smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(email)


def _describe_error(error: Exception, settings: AlertSettings) -> str:
    """The error without the webhook URL (its path is the token)."""
    text = f"{type(error).__name__}: {error}"
    if settings.webhook_url:
        parts = urlsplit(settings.webhook_url)
        text = text.replace(settings.webhook_url, f"{parts.scheme}://{parts.netloc}/…")
        if parts.path and len(parts.path) > 1:
            text = text.replace(parts.path, "/…")
    if settings.smtp_password:
        text = text.replace(settings.smtp_password, "…")
    return text


# --- What a refresh leaves in the build database ------------------------------------------


@dataclass(frozen=True)
class LoadSummary:
    source: str
    file_name: str
    data_lines: int
    rows_loaded: int
    rows_quarantined: int

    @property
    def quarantine_share(self) -> float:
        return self.rows_quarantined / self.data_lines if self.data_lines else 0.0


@dataclass(frozen=True)
class NewMismatch:
    edition_id: str
    check_id: str
    label: str
    published_value: float
    computed_value: float | None
    previous_status: str | None  # None: the figure was not checked in the previous run


@dataclass(frozen=True)
class RefreshFindings:
    loads: tuple[LoadSummary, ...]  # the new versions this run loaded
    quarantines_over_threshold: tuple[LoadSummary, ...]
    reconciliation_counts: dict[str, int]  # status -> figures, in this run's reconciliation
    new_mismatches: tuple[NewMismatch, ...]
    newly_stale: tuple[SourceFreshness, ...]  # stale now, not at the previous refresh
    stale: tuple[SourceFreshness, ...]  # every stale source, for the message
    quarantine_threshold: QuarantineThreshold

    @property
    def needs_alert(self) -> bool:
        return bool(self.quarantines_over_threshold or self.new_mismatches or self.newly_stale)


def refresh_findings(
    con: duckdb.DuckDBPyConnection,
    *,
    run_started_at: datetime,
    now: datetime,
    previous_refresh_at: datetime | None,
    quarantine_threshold: QuarantineThreshold | None = None,
) -> RefreshFindings:
    """What a refresh that started at `run_started_at` did that someone should hear about.

    `previous_refresh_at` is when the previous successful refresh started (None: none did):
    a source already stale then was already reported."""
    loads = _loads_since(con, run_started_at)
    stale = stale_sources(con, now)
    already_stale = (
        set()
        if previous_refresh_at is None
        else {f.source for f in stale_sources(con, previous_refresh_at)}
    )
    counts, mismatches = _reconciliation_since(con, run_started_at)
    threshold = quarantine_threshold or QuarantineThreshold()
    return RefreshFindings(
        loads=loads,
        quarantines_over_threshold=tuple(load for load in loads if threshold.exceeded_by(load)),
        reconciliation_counts=counts,
        new_mismatches=mismatches,
        newly_stale=tuple(f for f in stale if f.source not in already_stale),
        stale=tuple(stale),
        quarantine_threshold=threshold,
    )


def _loads_since(con: duckdb.DuckDBPyConnection, since: datetime) -> tuple[LoadSummary, ...]:
    if not has_table(con, "raw", "extract_loads"):
        return ()
    rows = con.execute(
        """
        select
            source,
            file_name,
            -- Logs written before data_lines existed: the rows the load accounted for.
            coalesce(data_lines, rows_loaded + rows_quarantined + rows_skipped),
            rows_loaded,
            rows_quarantined
        from raw.extract_loads
        where loaded_at >= ?
        order by source, file_name
        """,
        [since],
    ).fetchall()
    return tuple(LoadSummary(*row) for row in rows)


def _reconciliation_since(
    con: duckdb.DuckDBPyConnection, since: datetime
) -> tuple[dict[str, int], tuple[NewMismatch, ...]]:
    """This refresh's reconciliation (if it ran one) against the one before it."""
    if not has_table(con, "audit", "reconciliation"):
        return {}, ()
    runs = [
        run_id
        for (run_id,) in con.execute(
            """
            select run_id from audit.reconciliation
            group by run_id
            order by max(checked_at) desc
            limit 2
            """
        ).fetchall()
    ]
    if not runs:
        return {}, ()
    latest_checked = con.execute(
        "select max(checked_at) from audit.reconciliation where run_id = ?", [runs[0]]
    ).fetchone()[0]
    if latest_checked < since:  # this refresh did not reconcile (nothing changed)
        return {}, ()
    counts = dict(
        con.execute(
            "select status, count(*) from audit.reconciliation where run_id = ? "
            "group by status order by status",
            [runs[0]],
        ).fetchall()
    )
    previous_run = runs[1] if len(runs) > 1 else None
    rows = con.execute(
        """
        with

        latest as (
            select * from audit.reconciliation where run_id = $latest
        ),

        previous as (
            select * from audit.reconciliation where run_id = $previous
        )

        select
            latest.edition_id,
            latest.check_id,
            latest.label,
            latest.published_value,
            latest.computed_value,
            previous.status
        from latest
        left join previous
            on latest.edition_id = previous.edition_id and latest.check_id = previous.check_id
        where latest.status = 'mismatch' and previous.status is distinct from 'mismatch'
        order by latest.edition_id, latest.check_id
        """,
        {"latest": runs[0], "previous": previous_run},
    ).fetchall()
    return counts, tuple(NewMismatch(*row) for row in rows)


# --- Messages (Spanish: they are read by the team that runs the warehouse) ----------------

STATUS_LABELS = {
    "match": "cuadran",
    "mismatch": "no cuadran",
    "explained": "diferencia explicada",
    "not_computed": "sin calcular",
}


def _chilean(value: float) -> str:
    """Chilean style: 16.497.755 and 1,35."""
    decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _percent(share: float) -> str:
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def _when(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y %H:%M} UTC" if moment.utcoffset() == timedelta(0) else str(moment)


def _duration(started: datetime, ended: datetime) -> str:
    seconds = round((ended - started).total_seconds())
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _run_header(job_name: str, run_id: str, started: datetime, ended: datetime) -> list[str]:
    return [
        f"Corrida: {run_id} (trabajo {job_name})",
        f"Inicio: {_when(started)} · término: {_when(ended)} · duración: "
        f"{_duration(started, ended)}",
    ]


def failure_message(
    *,
    job_name: str,
    run_id: str,
    started: datetime,
    ended: datetime,
    error: str,
    failed_steps: list[str],
) -> Message:
    """A refresh failed: the published warehouse is still the previous one."""
    lines = [
        "El refresco nocturno falló. El almacén publicado sigue siendo el de la última "
        "corrida exitosa.",
        "",
        *_run_header(job_name, run_id, started, ended),
        f"Pasos fallidos: {', '.join(failed_steps) if failed_steps else '(ninguno registrado)'}",
        "",
        "Error:",
        error.strip() or "(sin mensaje)",
    ]
    return Message(f"{SUBJECT_PREFIX} Falló el refresco {run_id[:8]}", "\n".join(lines))


def findings_message(
    findings: RefreshFindings, *, job_name: str, run_id: str, started: datetime, ended: datetime
) -> Message:
    """A refresh succeeded but left something to look at."""
    reasons = []
    if findings.new_mismatches:
        reasons.append(f"{len(findings.new_mismatches)} cifra(s) nueva(s) que no cuadran")
    if findings.quarantines_over_threshold:
        reasons.append(
            f"{len(findings.quarantines_over_threshold)} carga(s) con cuarentena sobre el umbral"
        )
    if findings.newly_stale:
        reasons.append(f"{len(findings.newly_stale)} fuente(s) atrasada(s)")
    lines = [
        "El refresco nocturno terminó y publicó el almacén, con avisos.",
        "",
        *_run_header(job_name, run_id, started, ended),
        "",
        "Resumen de la corrida:",
        f"- Extractos nuevos cargados: {len(findings.loads)} "
        f"({_chilean(sum(load.rows_loaded for load in findings.loads))} filas cargadas, "
        f"{_chilean(sum(load.rows_quarantined for load in findings.loads))} en cuarentena)",
    ]
    if findings.reconciliation_counts:
        counts = ", ".join(
            f"{STATUS_LABELS.get(status, status)} {n}"
            for status, n in findings.reconciliation_counts.items()
        )
        lines.append(f"- Conciliación con las cifras publicadas: {counts}")
    else:
        lines.append("- Conciliación: no se ejecutó en esta corrida (sin cambios)")
    if findings.new_mismatches:
        lines += ["", "Cifras que dejaron de cuadrar desde la corrida anterior:"]
        for m in findings.new_mismatches:
            computed = "sin calcular" if m.computed_value is None else _chilean(m.computed_value)
            published = _chilean(m.published_value)
            before = m.previous_status or "no revisada"
            lines.append(
                f"- {m.edition_id} · {m.check_id} ({m.label}): publicado {published}, "
                f"calculado {computed}; antes: {before}"
            )
    if findings.quarantines_over_threshold:
        threshold = findings.quarantine_threshold.describe()
        lines += ["", f"Cargas con cuarentena sobre el umbral ({threshold}):"]
        for load in findings.quarantines_over_threshold:
            lines.append(
                f"- {load.source} · {load.file_name}: {_chilean(load.rows_quarantined)} de "
                f"{_chilean(load.data_lines)} líneas ({_percent(load.quarantine_share)}); "
                "razones en "
                "raw.quarantine"
            )
    if findings.newly_stale:
        lines += ["", "Fuentes atrasadas (el extracto más reciente supera su frecuencia):"]
        newly = {f.source for f in findings.newly_stale}
        for freshness in findings.stale:
            mark = " (nueva)" if freshness.source in newly else ""
            lines.append(f"- {freshness.describe()}{mark}")
    subject = f"{SUBJECT_PREFIX} Avisos del refresco {run_id[:8]}: {'; '.join(reasons)}"
    return Message(subject, "\n".join(lines))
