"""Assembles the Dagster definitions; each concern lives in its own module under defs/."""

import dagster as dg

from orchestration.defs.alerts import alert_sensors
from orchestration.defs.dbt import huasco_dbt_models
from orchestration.defs.extracts import extract_assets, ingestion_log_specs
from orchestration.defs.freshness import freshness_checks
from orchestration.defs.inbox import inbox_sensor
from orchestration.defs.jobs import nightly_refresh
from orchestration.defs.lake import raw_lake
from orchestration.defs.publish import published_warehouse
from orchestration.defs.reconciliation import reconciliation_checks
from orchestration.defs.resources import WarehouseResource, dbt_resource
from orchestration.defs.schedules import nightly_refresh_schedule

defs = dg.Definitions(
    assets=[
        *extract_assets,
        *ingestion_log_specs,
        raw_lake,
        huasco_dbt_models,
        published_warehouse,
    ],
    asset_checks=[reconciliation_checks, freshness_checks],
    jobs=[nightly_refresh],
    schedules=[nightly_refresh_schedule],
    sensors=[*alert_sensors, inbox_sensor],
    resources={"warehouse": WarehouseResource(), "dbt": dbt_resource()},
)
