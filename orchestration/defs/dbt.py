"""The dbt project as assets: seeds, staging, intermediate and marts, with dbt tests as checks."""

import json
import shutil
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from expectations.dbt_failures import failed_tests_message
from orchestration.defs.resources import WarehouseResource, dbt_environment, dbt_project


class HuascoDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        return dbt_resource_props["fqn"][1]  # staging, intermediate or marts


translator = HuascoDbtTranslator()


@dbt_assets(manifest=dbt_project.manifest_path, dagster_dbt_translator=translator)
def huasco_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    dbt_environment(warehouse.settings())
    invocation = dbt.cli(["build"], context=context, raise_on_error=False)
    try:
        yield from invocation.stream()
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
    finally:
        # Each invocation writes its own target folder (tens of MB): read above, then gone,
        # so nightly runs do not fill the disk.
        shutil.rmtree(invocation.target_path, ignore_errors=True)


def printed_table_marts() -> dict[str, dg.AssetKey]:
    """Report section -> the mart reproducing its printed table (dbt `meta.report_section`)."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return {
        node["config"]["meta"]["report_section"]: translator.get_asset_key(node)
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "report_section" in node["config"].get("meta", {})
    }
