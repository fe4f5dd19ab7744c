"""Reconciliation against the published figures, as one blocking check per section mart.

Blocking makes the publish wait for it; a mismatch is a warning (the report may be wrong,
and the auditors need the warehouse published to see why), never a reason to withhold it.
The pages are written into the run's pending folder; the publish moves them into reports/,
so reports/ always describes the published warehouse.
"""

import dataclasses

import dagster as dg

from expectations.reconciliation import run_reconciliation
from expectations.report import write_report
from ingestion.warehouse import prepare_pending_reports, uses_demo_data
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
    pending = prepare_pending_reports(
        settings.pending_reports_dir(context.op_execution_context.run_id)
    )
    with warehouse.build_connection() as con:
        is_demo = uses_demo_data(con)
        outcome = run_reconciliation(
            con, dataclasses.replace(settings, reports_dir=pending), is_demo=is_demo
        )
        report = write_report(con, outcome, pending, is_demo=is_demo)
    # Where the pages will be once the warehouse is published.
    report_html = settings.reports_dir / report.html.name
    data_docs_index = settings.data_docs_dir / "index.html"
    rebuilt = [settings.reports_dir / page.name for page in report.rebuilt]
    context.log.info(
        f"reconciliation run {outcome.run_id}: {report_html}; "
        f"{'; '.join(str(page) for page in rebuilt)}; {data_docs_index} "
        f"(written to {pending}, moved there when the warehouse is published)"
    )
    for section, mart in SECTION_MARTS.items():
        failures = outcome.failures(section)
        rows = outcome.section_rows(section)
        yield dg.AssetCheckResult(
            check_name=CHECK_NAME,
            asset_key=mart,
            passed=failures.empty,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "run_id": outcome.run_id,
                "checks": len(rows),
                **{
                    status: int((rows["status"] == status).sum())
                    for status in ("match", "mismatch", "explained", "not_computed")
                },
                "failing_figures": dg.MetadataValue.md(_failures_table(failures)),
                "report": dg.MetadataValue.path(str(report_html)),
                "data_docs": dg.MetadataValue.path(str(data_docs_index)),
            },
        )


def _failures_table(failures) -> str:
    if failures.empty:
        return "Todas las cifras coinciden."
    lines = ["| check_id | publicado | calculado | diferencia |", "|---|---|---|---|"]
    for row in failures.itertuples(index=False):
        values = (row.check_id, f"{row.published_value:g}", row.computed_value, row.difference)
        lines.append("| " + " | ".join(str(value) for value in values) + " |")
    return "\n".join(lines)
