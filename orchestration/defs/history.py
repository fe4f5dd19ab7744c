"""The run history (audit.refresh_runs, refresh_steps, refresh_sources) from Dagster's event log.

Three places record a run, each at the moment its outcome is known: the publish (in the copy it
publishes), the dbt step when nothing changed (in the build file), and a failure hook on every
step (in the build file). The rows of the last two reach the analysts with the next publish.
"""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg
import duckdb

from ingestion import warehouse as warehouse_files
from ingestion.warehouse import RefreshRecord, StepRecord

PUBLISHED_KEY = dg.AssetKey(["warehouse", "huasco"])

_STEP_END = {
    dg.DagsterEventType.STEP_SUCCESS: "ok",
    dg.DagsterEventType.STEP_FAILURE: "fallido",
    dg.DagsterEventType.STEP_SKIPPED: "omitido",
}


def step_records(instance: dg.DagsterInstance, run_id: str) -> tuple[StepRecord, ...]:
    """Every step of the run so far, with its duration; one still running is 'en curso',
    timed up to now (the step that records the run)."""
    started: dict[str, float] = {}
    ended: dict[str, tuple[float, str]] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type == dg.DagsterEventType.STEP_START:
            started[event.step_key] = entry.timestamp
        elif event.event_type in _STEP_END:
            ended[event.step_key] = (entry.timestamp, _STEP_END[event.event_type])
    now = datetime.now(UTC).timestamp()
    records = []
    for step in sorted(set(started) | set(ended), key=lambda s: started.get(s, now)):
        start = started.get(step)
        end, status = ended.get(step, (now, "en curso"))
        records.append(
            StepRecord(
                step,
                datetime.fromtimestamp(start if start is not None else end, UTC),
                round(end - start, 3) if start is not None else 0.0,
                status,
            )
        )
    return tuple(records)


def run_started_at(instance: dg.DagsterInstance, run_id: str) -> datetime:
    record = instance.get_run_record_by_id(run_id)
    if record is not None and record.start_time is not None:
        return datetime.fromtimestamp(record.start_time, UTC)
    stamps = [entry.timestamp for entry in instance.all_logs(run_id)]
    return datetime.fromtimestamp(min(stamps), UTC) if stamps else datetime.now(UTC)


def refresh_record(
    instance: dg.DagsterInstance, run_id: str, outcome: str, **details
) -> RefreshRecord:
    return RefreshRecord(
        run_id=run_id,
        outcome=outcome,
        started_at=run_started_at(instance, run_id),
        steps=step_records(instance, run_id),
        **details,
    )


def history_metadata(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, dg.MetadataValue]:
    """The run's history rows, as asset metadata (what the audit tables say of this run)."""
    run = con.execute(
        "select outcome, duration_s, dbt_mode, dbt_selection, reason, checks_match, "
        "checks_mismatch, checks_explained, checks_not_computed "
        "from audit.refresh_runs where run_id = ?",
        [run_id],
    ).fetchone()
    if run is None:
        return {}
    outcome, duration, dbt_mode, selection, reason, *checks = run
    steps = con.execute(
        "select step, duration_s, status from audit.refresh_steps where run_id = ? "
        "order by started_at",
        [run_id],
    ).fetchall()
    sources = con.execute(
        "select source, files, new_loads, rows_loaded, rows_quarantined, rows_in_raw "
        "from audit.refresh_sources where run_id = ? order by source",
        [run_id],
    ).fetchall()
    metadata = {
        "resultado": dg.MetadataValue.text(outcome),
        "duracion_s": dg.MetadataValue.float(round(duration, 1)),
        "dbt": dg.MetadataValue.text(dbt_mode or "omitida"),
        "motivo": dg.MetadataValue.text(reason or ""),
        "pasos": dg.MetadataValue.md(
            _table(["paso", "segundos", "estado"], [(s, f"{d:.1f}", st) for s, d, st in steps])
        ),
        "fuentes": dg.MetadataValue.md(
            _table(
                [
                    "fuente",
                    "archivos",
                    "cargas nuevas",
                    "filas cargadas",
                    "en cuarentena",
                    "filas en raw",
                ],
                sources,
            )
        ),
    }
    if selection:
        metadata["seleccion_dbt"] = dg.MetadataValue.text(selection)
    if checks[0] is not None:
        metadata["conciliacion"] = dg.MetadataValue.json(
            dict(zip(warehouse_files.RECONCILIATION_STATUSES, checks, strict=True))
        )
    return metadata


def _table(header: list[str], rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


@dg.failure_hook(required_resource_keys={"warehouse"})
def record_failed_refresh(context: dg.HookContext) -> None:
    """A failed step leaves a 'fallido' run in the build file's history (the published file
    gets it at the next publish)."""
    error = context.op_exception
    message = f"{type(error).__name__}: {error}" if error is not None else "error desconocido"
    try:
        record = refresh_record(
            context.instance,
            context.run_id,
            warehouse_files.FAILED,
            failed_step=context.step_key,
            error=message[:4000],
        )
        settings = context.resources.warehouse.settings()
        warehouse_files.record_failed_run(
            settings.build_database, settings.published_database, record
        )
    except Exception as failure:  # the run's own failure is what matters, not this one
        context.log.warning(f"could not record the failed run in the history: {failure}")
