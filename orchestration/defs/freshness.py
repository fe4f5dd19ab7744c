"""Freshness: one check per source, on its raw asset, against its contract's cadence.

Dagster's freshness policies measure when an asset was last materialized; the raw assets
materialize every night whether or not a new extract arrived, so a late office would never
show. The check measures the age of the newest extract from the load log instead
(`ingestion.freshness`, the same measure as `dbt source freshness`). It warns and does not
block: a late office must not hold back the refresh of everything else.
"""

from datetime import UTC, datetime

import dagster as dg

from ingestion.contracts import Contract
from ingestion.freshness import SourceFreshness, source_freshness
from ingestion.sources import CONTRACTS
from orchestration.defs.extracts import raw_key
from orchestration.defs.resources import WarehouseResource

CHECK_NAME = "frescura_del_extracto"


def build_freshness_check(contract: Contract) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=raw_key(contract),
        name=CHECK_NAME,
        blocking=False,
        description=(
            f"El extracto más reciente de «{contract.title}» no tiene más de "
            f"{contract.cadence.max_age_days} días (frecuencia {contract.cadence.label})."
        ),
    )
    def _freshness(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.build_connection() as con:
            [freshness] = source_freshness(con, datetime.now(UTC), [contract])
        return freshness_result(freshness)

    return _freshness


def freshness_result(freshness: SourceFreshness) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not freshness.is_stale,
        severity=dg.AssetCheckSeverity.WARN,
        description=freshness.describe(),
        metadata={
            "frecuencia": freshness.cadence.label,
            "edad_maxima_dias": freshness.cadence.max_age_days,
            "edad_dias": None if freshness.age_days is None else round(freshness.age_days, 1),
            "ultimo_extracto_nuevo": (
                None if freshness.last_loaded_at is None else freshness.last_loaded_at.isoformat()
            ),
        },
    )


freshness_checks = [build_freshness_check(contract) for contract in CONTRACTS.values()]
