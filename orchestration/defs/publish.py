"""Publish: replace the analysts' warehouse with the build, once everything upstream passed."""

import dagster as dg

from ingestion import warehouse as warehouse_files
from ingestion.incremental import dbt_build_of_run
from orchestration.defs.dbt import printed_table_marts
from orchestration.defs.extracts import extract_assets
from orchestration.defs.history import PUBLISHED_KEY, history_metadata, refresh_record
from orchestration.defs.resources import WarehouseResource


@dg.asset(
    key=PUBLISHED_KEY,
    # The marts of the report sections, not every dbt model: a selective build materialises
    # only what changed, and every one of these (checked by the blocking reconciliation) in
    # each build; a model not rebuilt would otherwise skip the publish. They all come out of
    # the one dbt step, so the publish still waits for the whole of it.
    deps=[*printed_table_marts().values(), *extract_assets],
    group_name="publish",
    description=(
        "El almacén publicado (warehouse/huasco.duckdb) que consultan analistas y auditores. "
        "Se reemplaza de una vez, solo si la carga y las pruebas de dbt pasaron; los informes "
        "de conciliación de la corrida pasan a reports/ solo después. Un refresco sin cambios "
        "no lo reemplaza."
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
        dbt_mode, selection, fingerprint, reason = dbt_build_of_run(con, context.run_id)
    record = refresh_record(
        context.instance,
        context.run_id,
        warehouse_files.PUBLISHED,
        fingerprint=fingerprint,
        dbt_mode=dbt_mode,
        dbt_selection=selection,
        reason=reason,
    )
    warehouse_files.publish(
        settings.build_database, settings.published_database, context.run_id, record
    )
    reports = warehouse_files.publish_reports(
        settings.pending_reports_dir(context.run_id), settings.reports_dir
    )
    warehouse_files.record_published_runs_in_build(
        settings.build_database, settings.published_database
    )
    if not reports:
        context.log.warning("this run wrote no reports: reports/ keeps the previous ones")
    with warehouse.build_connection() as con:
        history = history_metadata(con, context.run_id)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.published_database)),
            "origen_datos": warehouse_files.DEMO_LABEL if is_demo else warehouse_files.REAL_LABEL,
            "reports": ", ".join(path.name for path in reports),
            **history,
        }
    )
