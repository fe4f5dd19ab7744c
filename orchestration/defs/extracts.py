"""One asset per source: land the extract untouched, then load it into raw (DuckDB)."""

import dagster as dg

from ingestion.contracts import CONTRACTS, Contract
from ingestion.landing import land, latest_landing
from ingestion.loading import load_extract
from ingestion.settings import load_source_configs
from orchestration.defs.resources import WarehouseResource

LANDING_GROUP = "landing"
RAW_GROUP = "raw"


def landing_key(contract: Contract) -> dg.AssetKey:
    return dg.AssetKey(["landing", contract.source])


def raw_key(contract: Contract) -> dg.AssetKey:
    return dg.AssetKey(["raw", contract.raw_table])


def build_landing_asset(contract: Contract) -> dg.AssetsDefinition:
    @dg.asset(
        key=landing_key(contract),
        group_name=LANDING_GROUP,
        description=f"{contract.title}: el archivo tal como se recibió, con su checksum.",
        kinds={"python"},
    )
    def _landed(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        settings = warehouse.settings()
        config = load_source_configs(settings)[contract.source]
        landed = land(config, settings.landing_dir)
        context.log.info(f"{contract.source}: {landed.status} {landed.path}")
        return dg.MaterializeResult(
            metadata={
                "location": landed.location,
                "path": dg.MetadataValue.path(landed.path),
                "sha256": landed.sha256,
                "size_bytes": landed.size_bytes,
                "status": landed.status,
                "datos_de_demostracion": landed.is_demo,
            }
        )

    return _landed


def build_raw_asset(contract: Contract) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_key(contract),
        deps=[landing_key(contract)],
        group_name=RAW_GROUP,
        description=(
            f"{contract.title}: filas que cumplen el contrato, con su linaje; "
            "las demás quedan en raw.quarantine."
        ),
        kinds={"duckdb"},
    )
    def _raw(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        settings = warehouse.settings()
        landed = latest_landing(settings.landing_dir / contract.source)
        if landed is None:
            raise dg.Failure(f"{contract.source}: nothing has been landed yet")
        with warehouse.build_connection() as con:
            result = load_extract(con, landed, contract, settings.rut_key)
        if result.skipped:
            context.log.info(f"{landed.file_name} ({landed.sha256[:12]}) already loaded: no-op")
        return dg.MaterializeResult(
            metadata={
                "file_name": landed.file_name,
                "sha256": landed.sha256,
                "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined,
                "already_loaded": result.skipped,
            }
        )

    return _raw


extract_assets = [
    build(contract)
    for contract in CONTRACTS.values()
    for build in (build_landing_asset, build_raw_asset)
]

# Written by every raw load; declared so the dbt sources over them have an upstream.
ingestion_log_specs = [
    dg.AssetSpec(
        key=dg.AssetKey(["raw", table]),
        deps=[raw_key(contract) for contract in CONTRACTS.values()],
        group_name=RAW_GROUP,
        description=description,
    )
    for table, description in {
        "extract_loads": "Bitácora de cargas: archivo, checksum, filas cargadas y en cuarentena.",
        "quarantine": "Filas que no cumplen su contrato, con la razón y la línea de origen.",
    }.items()
]
