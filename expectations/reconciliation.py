"""Reconcile every published figure against the warehouse, with suites generated from data.

`audit.published_figures` says what the report printed; `audit.computed_figures` what the
warehouse computes. One suite per report section is generated from those rows (never one
hand-written expectation per number), all suites run in one checkpoint, and the outcome of
each figure is stored in `audit.reconciliation`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.checkpoint import UpdateDataDocsAction
from great_expectations.expectations.row_conditions import Column

from ingestion.settings import PROJECT_ROOT, Settings

GX_PROJECT_DIR = PROJECT_ROOT / "expectations"
DATASOURCE = "almacen"
ASSET = "cifras_publicadas_vs_calculadas"
BATCH = "refresco"
CHECKPOINT = "conciliacion_nocturna"
# Estimates (plan 2021 audiences) are targets to compare against later years, not 2020 facts.
RECONCILED_COMPARATORS = ("=", ">", ">=")

Status = str  # "match" | "mismatch" | "not_computed"


@dataclass(frozen=True)
class ReconciliationOutcome:
    run_id: str
    rows: pd.DataFrame  # one row per published figure of the reconciled sections
    data_docs_index: str

    def sections(self) -> list[str]:
        return sorted(self.rows["section"].unique())

    def failures(self, section: str) -> pd.DataFrame:
        rows = self.rows[self.rows["section"] == section]
        return rows[rows["status"] != "match"]


def figures_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Published figures beside what the warehouse computes for them (null when nothing)."""
    return con.execute(
        """
        select
            published.figure_id,
            published.section,
            published.report_section,
            published.table_id,
            concat_ws(' / ', nullif(published.row_group, ''), published.row_label,
                nullif(published.column_label, '')) as label,
            published.unit,
            published.comparator,
            published.decimals,
            published.value as published_value,
            computed.computed_value
        from audit.published_figures as published
        left join audit.computed_figures as computed using (figure_id)
        order by published.section, published.table_id, published.row_order, published.figure_id
        """
    ).df()


def reconciled_sections(figures: pd.DataFrame) -> list[str]:
    """Sections the warehouse computes at least one figure of."""
    return sorted(figures.loc[figures["computed_value"].notna(), "section"].unique())


def build_suite(section: str, figures: pd.DataFrame, is_demo: bool) -> gx.ExpectationSuite:
    """Two expectations per published figure: it is computed, and it equals what was printed."""
    rows = figures[
        (figures["section"] == section) & figures["comparator"].isin(RECONCILED_COMPARATORS)
    ]
    suite = gx.ExpectationSuite(
        name=f"conciliacion_{section}",
        meta={
            "seccion": section,
            "origen_de_los_datos": "DATOS DE DEMOSTRACIÓN" if is_demo else "extractos reales",
            "cifras": len(rows),
        },
    )
    for figure in rows.itertuples(index=False):
        row = Column("figure_id") == figure.figure_id
        meta = {"figure_id": figure.figure_id}
        suite.add_expectation(
            gxe.ExpectColumnValuesToNotBeNull(
                column="computed_value",
                row_condition=row,
                meta={**meta, "check": "computed"},
                description=(
                    f"{figure.report_section} «{figure.label}»: el almacén calcula esta cifra"
                ),
            )
        )
        lower, upper = bounds(figure.published_value, figure.comparator, figure.decimals)
        suite.add_expectation(
            gxe.ExpectColumnValuesToBeBetween(
                column="computed_value",
                min_value=lower,
                max_value=upper,
                row_condition=row,
                meta={**meta, "check": "value"},
                description=(
                    f"{figure.report_section} «{figure.label}»: publicado "
                    f"{figure.comparator} {format_number(figure.published_value, figure.decimals)}"
                ),
            )
        )
    return suite


def bounds(value: float, comparator: str, decimals: int) -> tuple[float | None, float | None]:
    """The computed values that reproduce a printed figure, given how it was rounded."""
    half_unit = 0.5 * 10 ** (-int(decimals))
    if comparator == ">":
        return value + half_unit, None
    if comparator == ">=":
        return value - half_unit, None
    # A printed integer count must be met exactly; a rounded figure within half its last digit.
    return (value, value) if int(decimals) == 0 else (value - half_unit, value + half_unit)


def format_number(value: float, decimals: int) -> str:
    text = f"{value:,.{int(decimals)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def run_reconciliation(
    con: duckdb.DuckDBPyConnection, settings: Settings, is_demo: bool
) -> ReconciliationOutcome:
    figures = figures_frame(con)
    sections = reconciled_sections(figures)
    context = _context(settings)
    batch = _batch_definition(context)
    validations = []
    for section in sections:
        suite = context.suites.add_or_update(build_suite(section, figures, is_demo))
        validations.append(
            context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=f"conciliacion_{section}", data=batch, suite=suite)
            )
        )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=CHECKPOINT,
            validation_definitions=validations,
            actions=[UpdateDataDocsAction(name="actualizar_data_docs")],
            result_format={"result_format": "SUMMARY"},
        )
    )
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    result = checkpoint.run(
        batch_parameters={"dataframe": figures},
        run_id=gx.RunIdentifier(run_name=run_id),
    )
    is_reconciled = figures["section"].isin(sections) & figures["comparator"].isin(
        RECONCILED_COMPARATORS
    )
    rows = _outcome_rows(figures[is_reconciled], _failed_checks(result), run_id)
    _store(con, rows, figures[~is_reconciled], run_id)
    return ReconciliationOutcome(run_id, rows, str(settings.data_docs_dir / "index.html"))


def _context(settings: Settings):
    os.environ["HUASCO_GX_STATE_DIR"] = str(settings.gx_state_dir)
    os.environ["HUASCO_DATA_DOCS_DIR"] = str(settings.data_docs_dir) + os.sep
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    return gx.get_context(mode="file", project_root_dir=str(GX_PROJECT_DIR))


def _batch_definition(context):
    """The in-memory batch, declared in great_expectations.yml (created only if missing,
    since re-adding it would rewrite that committed file with new ids)."""
    try:
        datasource = context.data_sources.get(DATASOURCE)
    except KeyError:
        datasource = context.data_sources.add_pandas(DATASOURCE)
    if ASSET not in datasource.get_asset_names():
        datasource.add_dataframe_asset(ASSET)
    asset = datasource.get_asset(ASSET)
    if BATCH not in [b.name for b in asset.batch_definitions]:
        asset.add_batch_definition_whole_dataframe(BATCH)
    return asset.get_batch_definition(BATCH)


def _failed_checks(result) -> dict[str, set[str]]:
    """figure_id -> the checks ("computed", "value") that failed."""
    failed: dict[str, set[str]] = {}
    for validation in result.run_results.values():
        for expectation in validation.results:
            if not expectation.success:
                meta = expectation.expectation_config.meta
                failed.setdefault(meta["figure_id"], set()).add(meta["check"])
    return failed


def _outcome_rows(figures: pd.DataFrame, failed: dict[str, set[str]], run_id: str) -> pd.DataFrame:
    rows = figures.copy()
    rows["run_id"] = run_id
    rows["status"] = [
        "not_computed"
        if "computed" in failed.get(figure_id, ())
        else "mismatch"
        if "value" in failed.get(figure_id, ())
        else "match"
        for figure_id in rows["figure_id"]
    ]
    rows["difference"] = rows["computed_value"] - rows["published_value"]
    rows["relative_difference"] = rows["difference"] / rows["published_value"].where(
        rows["published_value"] != 0
    )
    return rows


def _store(
    con: duckdb.DuckDBPyConnection,
    rows: pd.DataFrame,
    not_reconciled: pd.DataFrame,
    run_id: str,
) -> None:
    """Append this run to audit.reconciliation, with the figures not computed yet."""
    others = not_reconciled.copy()
    others["run_id"] = run_id
    others["status"] = "not_computed"
    others["difference"] = None
    others["relative_difference"] = None
    table = pd.concat([rows, others], ignore_index=True)
    table["checked_at"] = datetime.now(UTC)
    con.execute(
        """
        create table if not exists audit.reconciliation (
            run_id varchar, figure_id varchar, section varchar, report_section varchar,
            label varchar, unit varchar, comparator varchar, published_value double,
            computed_value double, difference double, relative_difference double,
            status varchar, checked_at timestamptz
        )
        """
    )
    con.register("reconciliation_run", table)
    con.execute(
        """
        insert into audit.reconciliation
        select run_id, figure_id, section, report_section, label, unit, comparator,
            published_value, computed_value, difference, relative_difference, status, checked_at
        from reconciliation_run
        """
    )
    con.unregister("reconciliation_run")
