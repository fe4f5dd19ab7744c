"""Alerts on the nightly refresh: a failed run, and a successful one that left something to see.

The daemon (`make serve`) evaluates both sensors. What they send and where is plain code in
`ingestion.alerts` (channels from HUASCO_ALERT_WEBHOOK_URL and HUASCO_SMTP_*). A channel that
refuses the message makes the sensor's tick fail with the reason, visible in the UI; the
cursor still moves on, so a broken channel never makes the other one repeat the message.
"""

from datetime import UTC, datetime

import dagster as dg

from ingestion import warehouse
from ingestion.alerts import (
    AlertSettings,
    Message,
    failure_message,
    findings_message,
    refresh_findings,
    send_alert,
)
from ingestion.settings import Settings
from orchestration.defs.jobs import nightly_refresh


class AlertDeliveryError(RuntimeError):
    """A configured channel did not accept the alert."""


@dg.run_failure_sensor(
    name="alerta_refresco_fallido",
    monitored_jobs=[nightly_refresh],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Avisa por webhook y/o correo cuando el refresco nocturno falla.",
)
def refresh_failure_alert(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    started, ended = _run_times(context.instance, run.run_id)
    message = failure_message(
        job_name=run.job_name,
        run_id=run.run_id,
        started=started,
        ended=ended,
        error=context.failure_event.message or "",
        failed_steps=sorted(
            {event.step_key for event in context.get_step_failure_events() if event.step_key}
        ),
    )
    _deliver(context, message)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    name="alerta_avisos_del_refresco",
    monitored_jobs=[nightly_refresh],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Avisa cuando un refresco exitoso deja una cifra que dejó de cuadrar, una carga con "
        "cuarentena sobre el umbral (HUASCO_ALERT_QUARANTINE_*) o una fuente atrasada."
    ),
)
def refresh_findings_alert(context: dg.RunStatusSensorContext) -> dg.SkipReason | None:
    run = context.dagster_run
    started, ended = _run_times(context.instance, run.run_id)
    settings = AlertSettings.from_env()
    # The run has ended, so nothing writes the build file now (a next refresh would wait
    # for the daemon's 02:00; if one holds it, the tick fails and says so).
    with warehouse.connect(Settings.from_env().build_database, read_only=True) as con:
        findings = refresh_findings(
            con,
            run_started_at=started,
            now=datetime.now(UTC),
            previous_refresh_at=_previous_success_start(context.instance, run),
            quarantine_threshold=settings.quarantine_threshold,
        )
    if not findings.needs_alert:
        return dg.SkipReason(f"corrida {run.run_id}: nada que avisar")
    message = findings_message(
        findings, job_name=run.job_name, run_id=run.run_id, started=started, ended=ended
    )
    _deliver(context, message, settings)
    return None


def _deliver(context, message: Message, settings: AlertSettings | None = None) -> None:
    settings = settings or AlertSettings.from_env()
    delivery = send_alert(message, settings)
    if not delivery.configured:
        context.log.warning(f"sin canal de alertas configurado; no se envió: {message.subject}")
        return
    context.log.info(f"alerta enviada por {', '.join(delivery.sent) or 'ningún canal'}")
    if delivery.failed:
        raise AlertDeliveryError(
            f"alerta no entregada ({'; '.join(delivery.failed)}): {message.subject}"
        )


def _run_times(instance: dg.DagsterInstance, run_id: str) -> tuple[datetime, datetime]:
    stats = instance.get_run_stats(run_id)
    now = datetime.now(UTC).timestamp()
    started = stats.start_time or stats.launch_time or now
    ended = stats.end_time or now
    return datetime.fromtimestamp(started, UTC), datetime.fromtimestamp(ended, UTC)


def _previous_success_start(instance: dg.DagsterInstance, run: dg.DagsterRun) -> datetime | None:
    """When the last successful refresh before this one started (what it already reported)."""
    records = instance.get_run_records(
        filters=dg.RunsFilter(job_name=run.job_name, statuses=[dg.DagsterRunStatus.SUCCESS]),
        limit=20,
    )
    starts = {r.dagster_run.run_id: r.start_time for r in records if r.start_time is not None}
    this_start = starts.pop(run.run_id, None)
    earlier = [start for start in starts.values() if this_start is None or start < this_start]
    return datetime.fromtimestamp(max(earlier), UTC) if earlier else None


alert_sensors = [refresh_failure_alert, refresh_findings_alert]
