"""The nightly refresh: every asset, in one process (a step per process costs seconds each)."""

import dagster as dg

from orchestration.defs.history import record_failed_refresh

nightly_refresh = dg.define_asset_job(
    "nightly_refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description=(
        "Aterriza y carga los extractos, construye dbt (solo lo que cambió), concilia y publica "
        "el almacén; sin cambios, no reconstruye ni publica nada."
    ),
    # A failed step leaves its run in the history (audit.refresh_runs, in the build file).
    hooks={record_failed_refresh},
)
