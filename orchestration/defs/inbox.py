"""The inbox sensor: a file an office drops is delivered to its source's configured location
and refreshes that source and everything downstream of it (ingestion/inbox.py does the work).
"""

import fcntl
import hashlib
import os
from pathlib import Path

import dagster as dg

from ingestion import inbox
from ingestion.settings import Settings, load_source_configs
from ingestion.sources import CONTRACTS
from orchestration.defs.extracts import landing_key, raw_key
from orchestration.defs.jobs import nightly_refresh

# Runs that have not started yet: a delivery now could replace a file before they land it.
PENDING_RUN_STATUSES = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
]


def refresh_selection(
    asset_graph, sources: tuple[str, ...]
) -> tuple[list[dg.AssetKey], list[dg.AssetCheckKey]]:
    """The landing and raw assets of `sources` and everything downstream, with their checks.

    A check that runs in one step with others (the reconciliation checks every mart at once)
    comes with all of them, as a run must select a step whole."""
    selection = dg.AssetSelection.assets(
        *(
            key
            for source in sources
            for key in (landing_key(CONTRACTS[source]), raw_key(CONTRACTS[source]))
        )
    ).downstream()
    assets = sorted(
        key for key in selection.resolve(asset_graph) if asset_graph.get(key).is_materializable
    )
    checks: set[dg.AssetCheckKey] = set()
    for check in selection.resolve_checks(asset_graph):
        checks |= {
            key
            for key in asset_graph.get_execution_set_asset_and_check_keys(check)
            if isinstance(key, dg.AssetCheckKey)
        }
    return assets, sorted(checks)


def _refresh_in_progress(lock_file: Path) -> bool:
    """Whether a refresh holds the warehouse lock now (tested without taking it for long)."""
    if not lock_file.exists():
        return False
    descriptor = os.open(lock_file, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing releases a lock taken here
    return False


@dg.sensor(
    job=nightly_refresh,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Buzón de extractos (HUASCO_INBOX_DIR): un archivo que cumple el contrato de una fuente "
        "se entrega a su ubicación configurada y refresca esa fuente y lo que depende de ella; "
        "uno que no, se aparta en rechazados/ con una nota que explica por qué."
    ),
)
def inbox_sensor(context: dg.SensorEvaluationContext):
    settings = Settings.from_env()
    if not settings.inbox_dir.is_dir():
        return dg.SkipReason(
            f"no existe la carpeta del buzón {settings.inbox_dir} (HUASCO_INBOX_DIR): créela "
            "para recibir extractos"
        )
    pending = context.instance.get_runs(
        filters=dg.RunsFilter(job_name=nightly_refresh.name, statuses=PENDING_RUN_STATUSES),
        limit=1,
    )
    if pending or _refresh_in_progress(settings.refresh_lock):
        return dg.SkipReason("hay un refresco pendiente o en curso: el buzón espera a que termine")
    swept = inbox.sweep(settings, load_source_configs(settings), CONTRACTS)
    for rejection in swept.rejections:
        context.log.warning(
            f"buzón: {rejection.dropped_name} apartado en {rejection.moved_to}: {rejection.reason}"
        )
    for delivery in swept.deliveries:
        context.log.info(
            f"buzón: {delivery.dropped_name} entregado a {delivery.location} ({delivery.source})"
        )
    if not swept.deliveries:
        return dg.SkipReason(
            f"nada que entregar ({len(swept.rejections)} apartados, {len(swept.waiting)} esperando)"
        )
    assets, checks = refresh_selection(context.repository_def.asset_graph, swept.sources)
    # The same files at the same locations never start a second run.
    delivered = sorted(f"{d.location}@{d.sha256}" for d in swept.deliveries)
    run_key = hashlib.sha256("\n".join(delivered).encode()).hexdigest()
    return dg.RunRequest(
        run_key=run_key,
        asset_selection=assets,
        asset_check_keys=checks,
        tags={"huasco/origen": "buzon", "huasco/fuentes": ",".join(swept.sources)},
    )
