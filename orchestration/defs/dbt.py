"""The dbt project as assets: seeds, staging, intermediate and marts, with dbt tests as checks."""

import dataclasses
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluation
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from expectations.dbt_failures import failed_tests_message
from ingestion import warehouse as warehouse_files
from ingestion.incremental import (
    FULL,
    NO_CHANGE,
    SELECTIVE,
    code_fingerprint,
    dbt_selection,
    forget_build_state,
    plan_refresh,
    record_build_state,
)
from ingestion.lake import import_engine_tables
from ingestion.settings import Settings
from ingestion.sources import CONTRACTS
from orchestration.defs.history import PUBLISHED_KEY, history_metadata, refresh_record
from orchestration.defs.lake import LAKE_KEY
from orchestration.defs.resources import WarehouseResource, dbt_environment, dbt_project


class HuascoDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        return dbt_resource_props["fqn"][1]  # staging, intermediate or marts

    def get_asset_spec(self, manifest, unique_id, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        depends_on = manifest["nodes"].get(unique_id, {}).get("depends_on", {}).get("nodes", [])
        if any(node.startswith("source.") for node in depends_on):
            # On Spark the models read the raw layer from the lake: it must be in step first.
            return spec.merge_attributes(deps=[LAKE_KEY])
        return spec


translator = HuascoDbtTranslator()


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=translator)
def huasco_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """Incremental by default (ingestion/incremental.py): nothing when no extract and no code
    changed since the published warehouse (nothing is materialised, so the reconciliation and
    the publish are skipped), the models downstream of the changed sources when some changed,
    everything otherwise. A run of a subset chosen in the UI builds that subset.

    With HUASCO_ENGINE=spark, dbt builds on the `spark` target (reading the raw lake) and the
    tables it built come back into the build file, so the checks and the publish are the same."""
    settings = warehouse.settings()
    dbt_environment(settings)
    run_id = context.run_id
    with warehouse.build_connection() as con:
        plan = plan_refresh(con, settings.published_database, engine_fingerprint(settings.engine))
        context.log.info(f"refresh plan: {plan.mode} ({plan.reason})")
        if context.is_subset:
            plan = dataclasses.replace(plan, mode=FULL, reason="subconjunto elegido en Dagster")
        elif plan.mode == NO_CHANGE:
            record = refresh_record(
                context.instance,
                run_id,
                warehouse_files.NO_CHANGE,
                fingerprint=plan.fingerprint,
                dbt_mode="omitida",
                reason=plan.reason,
            )
            warehouse_files.record_refresh(con, record)
            context.log_event(
                dg.AssetObservation(
                    asset_key=PUBLISHED_KEY,
                    description="Sin cambios: no se reconstruyó ni se publicó nada.",
                    metadata=history_metadata(con, run_id),
                )
            )
            return  # no model materialised: the reconciliation and the publish are skipped
        forget_build_state(con)
    target_path = _target_with_parse_state(settings, run_id)
    if plan.mode == SELECTIVE:
        selection = dbt_selection(manifest(), changed_raw_tables(plan), SECTION_MART_MODELS)
        context.log.info(f"dbt build --select {selection}")
        # Without the context: dagster-dbt would add its own `--select fqn:*`, which dbt unions
        # with this one; the events are mapped onto this step's outputs below.
        invocation = dbt.cli(
            ["build", "--target", settings.engine, "--select", selection],
            manifest=dbt_project.manifest_path,
            dagster_dbt_translator=translator,
            raise_on_error=False,
            target_path=target_path,
        )
        events = (_as_step_event(event) for event in invocation.stream())
    else:
        selection = None
        invocation = dbt.cli(
            ["build", "--target", settings.engine],
            context=context,
            raise_on_error=False,
            target_path=target_path,
        )
        events = invocation.stream()
    try:
        yield from events
        if not invocation.is_successful():
            # A failing dbt test fails this step, so nothing downstream (the publish) runs;
            # the message names the source rows behind each failure (dbt released the file).
            with warehouse.build_connection() as con:
                message = failed_tests_message(
                    invocation.get_artifact("run_results.json"),
                    invocation.get_artifact("manifest.json"),
                    con,
                )
            raise dg.Failure(description=message)
        if settings.engine != "duckdb":
            # Materialisations as on DuckDB: what is a view there stays Spark's own.
            project = manifest()
            relations = built_tables(invocation.get_artifact("run_results.json"), project)
            with warehouse.build_connection() as con:
                imported = import_engine_tables(
                    con, settings.spark_tables_dir, relations, seed_columns(project)
                )
            context.log.info(
                f"{len(imported)} tables built on {settings.engine} brought into the build file "
                f"({sum(imported.values()):,} rows)"
            )
    finally:
        _keep_parse_state(invocation.target_path, settings)
        # Each invocation writes its own target folder (tens of MB): read above, then gone,
        # so nightly runs do not fill the disk.
        shutil.rmtree(invocation.target_path, ignore_errors=True)
    if not context.is_subset:
        with warehouse.build_connection() as con:
            record_build_state(con, run_id, plan, selection)


PARSE_STATE = "partial_parse.msgpack"


def parse_state_path(settings: Settings) -> Path:
    """dbt's parse of the project, kept beside the build file it was made for.

    dbt reuses a parse (and skips 10-15 s of re-reading the project) only if the profile's
    connection is the one it was made with, and the build file's path is part of it: the
    parse `make` leaves in dbt_project/target serves the default warehouse only. Any other
    (HUASCO_WAREHOUSE_DIR elsewhere: a deployment, the tests, `make bench`) re-read the whole
    project in every refresh. A parse of a changed project is still reused: dbt re-reads the
    files whose checksum changed."""
    return settings.build_database.parent / f"dbt_{PARSE_STATE}"


def _target_with_parse_state(settings: Settings, run_id: str) -> Path:
    """The invocation's own target folder, holding this warehouse's parse if there is one
    (dagster-dbt copies the project's parse there only when none is there already)."""
    target = (
        dbt_project.project_dir
        / os.getenv("DBT_TARGET_PATH", dbt_project.target_path)
        / f"huasco_dbt_models-{run_id[:7]}-{uuid.uuid4().hex[:7]}"
    )
    state = parse_state_path(settings)
    if state.exists():
        target.mkdir(parents=True)
        shutil.copyfile(state, target / PARSE_STATE)
    return target


def _keep_parse_state(target: Path, settings: Settings) -> None:
    parsed = target / PARSE_STATE
    if not parsed.exists():
        return
    state = parse_state_path(settings)
    partial = state.with_name(f".{state.name}.tmp")
    shutil.copyfile(parsed, partial)
    partial.replace(state)  # a refresh killed while copying leaves the previous parse whole


def engine_fingerprint(engine: str) -> str:
    """The code fingerprint, another one per engine: switching engine builds everything."""
    fingerprint = code_fingerprint()
    if engine == "duckdb":  # as before engines existed: a warehouse upgraded in place stays
        return fingerprint
    return hashlib.sha256(f"{fingerprint}:{engine}".encode()).hexdigest()


def built_tables(run_results: dict, manifest: dict) -> list[tuple[str, str]]:
    """(schema, table) of every table and seed the invocation built that `manifest` (DuckDB's)
    materialises as one: what the build file needs from another engine (the views, such as the
    intermediate models Spark writes as tables, are the engine's own: nothing after dbt reads
    them)."""
    relations = []
    for result in run_results.get("results", []):
        node = manifest["nodes"].get(result["unique_id"], {})
        built = result["status"] == "success"
        is_table = node.get("resource_type") == "seed" or (
            node.get("resource_type") == "model" and node["config"]["materialized"] == "table"
        )
        if built and is_table:
            relations.append((node["schema"], node["alias"]))
    return sorted(relations)


def seed_columns(manifest: dict) -> dict[tuple[str, str], dict[str, str]]:
    """(schema, table) -> the column types each seed declares: what an engine that writes no
    file for a seed of no rows leaves to know its columns by."""
    return {
        (node["schema"], node["alias"]): dict(node["config"]["column_types"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "seed" and node["config"].get("column_types")
    }


def _as_step_event(event):
    """A dbt event streamed without the step's context, as the event the step itself yields."""
    if isinstance(event, dg.AssetMaterialization):
        return dg.Output(
            None, output_name=event.asset_key.to_python_identifier(), metadata=event.metadata
        )
    if isinstance(event, AssetCheckEvaluation):
        return dg.AssetCheckResult(
            asset_key=event.asset_key,
            check_name=event.check_name,
            passed=event.passed,
            severity=event.severity,
            metadata=event.metadata,
        )
    return event


def manifest() -> dict[str, Any]:
    return json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))


def changed_raw_tables(plan) -> list[str]:
    return [CONTRACTS[source].raw_table for source in plan.changed_sources if source in CONTRACTS]


def _section_mart_nodes() -> dict[str, dict[str, Any]]:
    return {
        node["config"]["meta"]["report_section"]: node
        for node in manifest()["nodes"].values()
        if node["resource_type"] == "model" and "report_section" in node["config"].get("meta", {})
    }


def printed_table_marts() -> dict[str, dg.AssetKey]:
    """Report section -> the mart reproducing its printed table (dbt `meta.report_section`)."""
    return {
        section: translator.get_asset_key(node) for section, node in _section_mart_nodes().items()
    }


# Rebuilt by every selective build: the reconciliation checks them all, the publish waits on them.
SECTION_MART_MODELS = sorted(node["name"] for node in _section_mart_nodes().values())
