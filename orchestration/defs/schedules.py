"""The refresh runs every night at 02:00 Chilean time (the daemon of `make serve` runs it)."""

import dagster as dg

from orchestration.defs.jobs import nightly_refresh

nightly_refresh_schedule = dg.ScheduleDefinition(
    name="nightly_refresh_schedule",
    job=nightly_refresh,
    cron_schedule="0 2 * * *",
    execution_timezone="America/Santiago",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
