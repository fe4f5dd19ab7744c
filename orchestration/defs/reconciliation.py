"""Reconciliation against the published figures, as one blocking check per section mart.

Blocking makes the publish wait for it; a mismatch is a warning (the report may be wrong,
and the auditors need the warehouse published to see why), never a reason to withhold it.
"""

import dagster as dg

from expectations.reconciliation import run_reconciliation
from ingestion.warehouse import uses_demo_data
from orchestration.defs.dbt import printed_table_marts
from orchestration.defs.resources import WarehouseResource

CHECK_NAME = "conciliacion_cifras_publicadas"
SECTION_MARTS = printed_table_marts()


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=mart,
            blocking=True,
            description=f"Cada cifra publicada de la sección «{section}» coincide con el almacén.",
        )
        for section, mart in SECTION_MARTS.items()
    ],
    name="conciliacion",
)
def reconciliation_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    with warehouse.build_connection() as con:
        outcome = run_reconciliation(con, settings, is_demo=uses_demo_data(con))
    context.log.info(f"reconciliation run {outcome.run_id}; Data Docs: {outcome.data_docs_index}")
    for section, mart in SECTION_MARTS.items():
        failures = outcome.failures(section)
        rows = outcome.rows[outcome.rows["section"] == section]
        yield dg.AssetCheckResult(
            check_name=CHECK_NAME,
            asset_key=mart,
            passed=failures.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "run_id": outcome.run_id,
                "figures": len(rows),
                "match": int((rows["status"] == "match").sum()),
                "mismatch": int((rows["status"] == "mismatch").sum()),
                "not_computed": int((rows["status"] == "not_computed").sum()),
                "failing_figures": dg.MetadataValue.md(_failures_table(failures)),
                "data_docs": dg.MetadataValue.path(outcome.data_docs_index),
            },
        )


def _failures_table(failures) -> str:
    if failures.empty:
        return "Todas las cifras coinciden."
    lines = ["| figure_id | publicado | calculado | diferencia |", "|---|---|---|---|"]
    for row in failures.itertuples(index=False):
        values = (row.figure_id, f"{row.published_value:g}", row.computed_value, row.difference)
        lines.append("| " + " | ".join(str(value) for value in values) + " |")
    return "\n".join(lines)
