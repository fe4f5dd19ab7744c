"""The raw layer as Parquet (ingestion/lake.py), brought in step right after every load."""

import time

import dagster as dg

from ingestion import warehouse as warehouse_files
from ingestion.lake import sync_lake
from ingestion.sources import CONTRACTS
from orchestration.defs.extracts import RAW_GROUP, ingestion_log_specs, raw_key
from orchestration.defs.resources import WarehouseResource

LAKE_KEY = dg.AssetKey(["lake", "raw"])


@dg.asset(
    key=LAKE_KEY,
    deps=[
        *(raw_key(contract) for contract in CONTRACTS.values()),
        *(spec.key for spec in ingestion_log_specs),
    ],
    group_name=RAW_GROUP,
    description=(
        "Las tablas raw y la bitácora de cargas como Parquet (una carpeta por carga), "
        "para que cualquier motor (DuckDB, Spark) lea la misma capa raw."
    ),
    kinds={"parquet"},
)
def raw_lake(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    started = time.perf_counter()
    # Pseudonymised RUTs and redacted quarantine lines: as private as the build file.
    warehouse_files.private_dir(settings.lake_dir)
    with warehouse.build_connection() as con:
        result = sync_lake(con, settings.lake_dir)
    for table, load_id in result.removed:
        context.log.info(f"lake: {table} load {load_id} no longer in raw: removed")
    return dg.MaterializeResult(
        metadata={
            "lake_dir": dg.MetadataValue.path(str(settings.lake_dir)),
            "tables": len(result.tables),
            "partitions_written": len(result.written),
            "partitions_removed": len(result.removed),
            "rows_written": result.rows_written,
            "seconds": round(time.perf_counter() - started, 2),
        }
    )
