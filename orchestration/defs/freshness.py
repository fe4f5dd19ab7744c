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


def build_freshness_checks(contracts: list[Contract]) -> dg.AssetChecksDefinition:
    """One step for every source (one connection, not one step per source); a run that
    loads only some sources checks only those."""

    @dg.multi_asset_check(
        specs=[
            dg.AssetCheckSpec(
                CHECK_NAME,
                asset=raw_key(contract),
                blocking=False,
                description=(
                    f"El extracto más reciente de «{contract.title}» no tiene más de "
                    f"{contract.cadence.max_age_days} días (frecuencia {contract.cadence.label})."
                ),
            )
            for contract in contracts
        ],
        can_subset=True,
        name="frescura_de_las_fuentes",
    )
    def _freshness(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
        selected = {key.asset_key for key in context.selected_asset_check_keys}
        checked = [contract for contract in contracts if raw_key(contract) in selected]
        with warehouse.build_connection() as con:
            measured = source_freshness(con, datetime.now(UTC), checked)
        for contract, freshness in zip(checked, measured, strict=True):
            yield freshness_result(contract, freshness)

    return _freshness


def freshness_result(contract: Contract, freshness: SourceFreshness) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=CHECK_NAME,
        asset_key=raw_key(contract),
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


freshness_checks = build_freshness_checks(list(CONTRACTS.values()))
