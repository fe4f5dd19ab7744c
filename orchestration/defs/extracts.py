"""One asset per source: land the extract untouched, then load it into raw (DuckDB)."""

import hashlib

import dagster as dg

from ingestion.contracts import Contract
from ingestion.landing import current_landings, land, redact_location
from ingestion.loading import load_extract, retire_unconfigured
from ingestion.settings import load_source_configs
from ingestion.sources import CONTRACTS
from ingestion.warehouse import LOAD_MEMORY_LIMIT
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
        for extract in landed:
            context.log.info(f"{contract.source}: {extract.status} {extract.path}")
        return dg.MaterializeResult(
            metadata={
                "files": dg.MetadataValue.md(_landed_table(landed)),
                "size_bytes": sum(extract.size_bytes for extract in landed),
                "datos_de_demostracion": config.is_demo,
            }
        )

    return _landed


def _landed_table(landed) -> str:
    lines = ["| archivo | sha256 | bytes | estado |", "|---|---|---|---|"]
    lines += [f"| {e.file_name} | {e.sha256} | {e.size_bytes} | {e.status} |" for e in landed]
    return "\n".join(lines)


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
        config = load_source_configs(settings)[contract.source]
        landings = current_landings(settings.landing_dir / contract.source)
        # Landings are recorded under the redacted location (no secrets in the manifest).
        landings = {
            location: landings[redact_location(location)]
            for location in config.locations
            if redact_location(location) in landings
        }
        missing = [
            redact_location(location) for location in config.locations if location not in landings
        ]
        if missing:
            raise dg.Failure(f"{contract.source}: not landed yet: {', '.join(missing)}")
        if not config.is_demo and settings.uses_demo_rut_key:
            context.log.warning(
                f"{contract.source}: real extracts pseudonymised with the public demo key; "
                "the publish will refuse them unless HUASCO_RUT_KEY is set to a secret key"
            )
        results = []
        configured = [landings[location] for location in config.locations]
        with warehouse.build_connection(LOAD_MEMORY_LIMIT) as con:
            # Before loading: only the configured extracts may feed this build.
            retired = retire_unconfigured(con, contract, [e.location for e in configured])
            for location in retired:
                context.log.info(f"{contract.source}: {location} is no longer configured: retired")
            for landed in configured:
                result = load_extract(con, landed, contract, settings.rut_key)
                if result.skipped:
                    context.log.info(f"{result.file_name} already loaded: no-op")
                results.append(result)
        return dg.MaterializeResult(
            # The checksums of the loaded extracts: a no-op load keeps the same data version.
            data_version=dg.DataVersion(
                hashlib.sha256(" ".join(sorted(r.sha256 for r in results)).encode()).hexdigest()
            ),
            metadata={
                "files": len(results),
                "rows_loaded": sum(r.rows_loaded for r in results),
                "rows_quarantined": sum(r.rows_quarantined for r in results),
                "rows_skipped": sum(r.rows_skipped for r in results),
                "rows_blank": sum(r.rows_blank for r in results),
                "data_lines": sum(r.data_lines for r in results),
                "already_loaded": sum(r.skipped for r in results),
                "retired_locations": dg.MetadataValue.json(retired),
                "rut_key": "demo (pública)" if settings.uses_demo_rut_key else "propia",
            },
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
        "extract_loads": (
            "Bitácora de cargas: ubicación, archivo, checksum, líneas de datos y cómo se "
            "repartieron (cargadas, en cuarentena, omitidas, vacías); las ubicaciones retiradas "
            "quedan con retired_at."
        ),
        "quarantine": "Filas que no cumplen su contrato, con la razón y la línea de origen.",
    }.items()
]
