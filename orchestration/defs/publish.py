"""Publish: replace the analysts' warehouse with the build, once everything upstream passed."""

import dagster as dg

from ingestion import warehouse as warehouse_files
from orchestration.defs.dbt import huasco_dbt_models
from orchestration.defs.extracts import extract_assets
from orchestration.defs.resources import WarehouseResource


@dg.asset(
    key=dg.AssetKey(["warehouse", "huasco"]),
    deps=[huasco_dbt_models, *extract_assets],
    group_name="publish",
    description=(
        "El almacén publicado (warehouse/huasco.duckdb) que consultan analistas y auditores. "
        "Se reemplaza de una vez, solo si la carga y las pruebas de dbt pasaron; los informes "
        "de conciliación de la corrida pasan a reports/ solo después."
    ),
    kinds={"duckdb"},
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    with warehouse.build_connection() as con:
        try:
            warehouse_files.refuse_demo_key_with_real_data(
                con, settings.uses_demo_rut_key, settings.allows_demo_rut_key
            )
        except warehouse_files.DemoKeyRefused as refused:
            raise dg.Failure(str(refused)) from None
        is_demo = warehouse_files.uses_demo_data(con)
    warehouse_files.publish(settings.build_database, settings.published_database, context.run_id)
    reports = warehouse_files.publish_reports(
        settings.pending_reports_dir(context.run_id), settings.reports_dir
    )
    warehouse_files.record_published_runs_in_build(
        settings.build_database, settings.published_database
    )
    if not reports:
        context.log.warning("this run wrote no reports: reports/ keeps the previous ones")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.published_database)),
            "origen_datos": warehouse_files.DEMO_LABEL if is_demo else warehouse_files.REAL_LABEL,
            "reports": ", ".join(path.name for path in reports),
        }
    )
