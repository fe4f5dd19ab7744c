"""The nightly refresh: every asset, in one process (a step per process costs seconds each)."""

import dagster as dg

nightly_refresh = dg.define_asset_job(
    "nightly_refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Aterriza y carga los extractos, construye dbt, concilia y publica el almacén.",
)
