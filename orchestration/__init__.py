"""Dagster wiring of ingestion, dbt and Great Expectations into the nightly refresh."""

import os

# No usage telemetry leaves the machine, however the code is started.
for _variable, _value in {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
}.items():
    os.environ.setdefault(_variable, _value)
