"""Reconcile every published figure against the warehouse, with suites generated from data.

Two kinds of check, both generated from tables, never written one per number:
- `cifra`: each row of `audit.published_figures` against `audit.computed_figures`;
- `identidad`: the report against itself, each row of `audit.report_consistency` (printed
  totals against their printed parts, text against tables).
Every check belongs to an edition of the report (province, year). One suite per edition and
section holds both kinds, all suites run in one checkpoint, and the
outcome of each check is appended to `audit.reconciliation`. The discrepancy register
(`audit.discrepancy_register`) turns a known `mismatch` into `explained` while the
difference stays exactly the registered one.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
)
from great_expectations.expectations.row_conditions import Column

from expectations.data_docs import make_self_contained
from ingestion.settings import Settings

DATA_DOCS_SITE = "auditoria"
DATASOURCE = "almacen"
ASSET = "cifras_publicadas_vs_calculadas"
BATCH = "refresco"
CHECKPOINT = "conciliacion_nocturna"
FIGURE, IDENTITY = "cifra", "identidad"
# Rounding noise in sums of doubles is not a difference.
EPSILON = 1e-6
# Figures printed rounded (the rest are counts and amounts, met exactly).
ROUNDED_UNITS = ("percent", "umbral")


@dataclass(frozen=True)
class ReconciliationOutcome:
    run_id: str
    rows: pd.DataFrame  # one row per check of this run (every published figure, every identity)
    data_docs_index: str

    def section_rows(self, section: str) -> pd.DataFrame:
        """The checks of a section, in every edition."""
        return self.rows[self.rows["section"] == section]

    def failures(self, section: str) -> pd.DataFrame:
        rows = self.section_rows(section)
        return rows[rows["status"].isin(["mismatch", "not_computed"])]


def checks_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every check of a run: published figures beside what the warehouse computes, and the
    report's identities beside what the printed parts give."""
    return con.execute(
        f"""
        select
            published.edition_id,
            published.figure_id as check_id,
            '{FIGURE}' as check_kind,
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
            computed.computed_value,
            published.row_order as sort_order,
            nullif(published.note, '') as note
        from audit.published_figures as published
        left join audit.computed_figures as computed
            on published.edition_id = computed.edition_id
            and published.figure_id = computed.figure_id
        union all
        select
            consistency.edition_id,
            consistency.identity_id,
            '{IDENTITY}',
            consistency.total_figure_id,
            consistency.section,
            published.report_section,
            published.table_id,
            consistency.description,
            published.unit,
            '=',
            consistency.decimals,
            consistency.printed_total,
            consistency.derived_value,
            10000,
            null
        from audit.report_consistency as consistency
        inner join audit.published_figures as published
            on consistency.edition_id = published.edition_id
            and consistency.total_figure_id = published.figure_id
        order by edition_id, section, check_kind, sort_order, check_id
        """
    ).df()


def reconciled_sections(checks: pd.DataFrame) -> set[tuple[str, str]]:
    """(edition, section) pairs the warehouse computes at least one figure of."""
    computed = checks[(checks["check_kind"] == FIGURE) & checks["computed_value"].notna()]
    return set(zip(computed["edition_id"], computed["section"], strict=True))


def is_checked(checks: pd.DataFrame, sections: set[tuple[str, str]]) -> pd.Series:
    """Identities are always checked (they need no source); figures once their section is."""
    pairs = pd.Series(
        list(zip(checks["edition_id"], checks["section"], strict=True)), index=checks.index
    )
    return (checks["check_kind"] == IDENTITY) | pairs.isin(sections)


def suite_name(edition_id: str, section: str) -> str:
    return f"conciliacion_{edition_id}_{section}"


def build_suite(
    edition_id: str, section: str, checks: pd.DataFrame, is_demo: bool
) -> gx.ExpectationSuite:
    """Three expectations over the section's checks, each naming the checks it fails by id:
    every value is computed, none is below what was printed, none above (given its rounding)."""
    rows = checks[(checks["edition_id"] == edition_id) & (checks["section"] == section)]
    suite = gx.ExpectationSuite(
        name=suite_name(edition_id, section),
        meta={
            "edicion": edition_id,
            "seccion": section,
            "origen_de_los_datos": "DATOS DE DEMOSTRACIÓN" if is_demo else "extractos reales",
            "cifras": int((rows["check_kind"] == FIGURE).sum()),
            "identidades_del_informe": int((rows["check_kind"] == IDENTITY).sum()),
        },
    )
    in_section = (Column("edition_id") == edition_id) & (Column("section") == section)
    where = f"{section} ({edition_id})"
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="computed_value",
            row_condition=in_section,
            meta={"check": "computed"},
            description=f"{where}: el almacén calcula cada cifra publicada",
        )
    )
    for larger, smaller, side in (
        ("computed_value", "lower_bound", "bajo"),
        ("upper_bound", "computed_value", "sobre"),
    ):
        suite.add_expectation(
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=larger,
                column_B=smaller,
                or_equal=True,
                ignore_row_if="either_value_is_missing",
                row_condition=in_section,
                meta={"check": "value"},
                description=f"{where}: ninguna cifra calculada queda {side} lo publicado",
            )
        )
    return suite


def with_bounds(checks: pd.DataFrame) -> pd.DataFrame:
    """The interval of computed values that reproduces each printed figure, as two columns
    (an open side is infinite)."""
    intervals = [
        bounds(check.published_value, check.comparator, check.decimals, check.unit)
        for check in checks.itertuples(index=False)
    ]
    rows = checks.copy()
    rows["lower_bound"] = [-math.inf if lower is None else lower for lower, _ in intervals]
    rows["upper_bound"] = [math.inf if upper is None else upper for _, upper in intervals]
    return rows


def bounds(
    value: float, comparator: str, decimals: int, unit: str
) -> tuple[float | None, float | None]:
    """The computed values that reproduce a printed figure, given how it was rounded.

    "=" and "~" (an estimate, which its planning source must reproduce as printed) are met
    within the printed rounding; ">" means "más de", ">=" "al menos"."""
    half_unit = 0.5 * 10 ** (-int(decimals))
    if comparator == ">":
        return value + half_unit, None
    if comparator == ">=":
        return value - half_unit, None
    # A count must be met exactly; a rate or index within half its last printed digit.
    if unit not in ROUNDED_UNITS:
        return value - EPSILON, value + EPSILON
    return value - half_unit, value + half_unit


def format_number(value: float, decimals: int) -> str:
    """1234567.5 -> '1.234.567,5' (how the report prints numbers)."""
    text = f"{value:,.{int(decimals)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def run_reconciliation(
    con: duckdb.DuckDBPyConnection, settings: Settings, is_demo: bool
) -> ReconciliationOutcome:
    all_checks = checks_frame(con)
    sections = reconciled_sections(all_checks)
    checked = is_checked(all_checks, sections)
    checks = with_bounds(all_checks[checked])
    context = _context(settings)
    batch = _batch_definition(context)
    validations = []
    for edition_id, section in sorted(
        set(zip(checks["edition_id"], checks["section"], strict=True))
    ):
        suite = context.suites.add(build_suite(edition_id, section, checks, is_demo))
        validations.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(
                    name=suite_name(edition_id, section), data=batch, suite=suite
                )
            )
        )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=CHECKPOINT,
            validation_definitions=validations,
            actions=[],
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": ["edition_id", "check_id"],
            },
        )
    )
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    result = checkpoint.run(
        batch_parameters={"dataframe": checks}, run_id=gx.RunIdentifier(run_name=run_id)
    )
    # Once per run: the checkpoint's data-docs action rebuilt the whole site after each of
    # its validations (one per suite), which was half of the reconciliation's time.
    context.build_data_docs()
    make_self_contained(settings.data_docs_dir)
    rows = pd.concat(
        [
            with_status(checks, _failed_checks(result)),
            not_checked(all_checks[~checked]),
        ],
        ignore_index=True,
    )
    rows = apply_register(rows, _register(con))
    rows["diagnosis"] = diagnose(rows, identity_members(con))
    rows.insert(0, "run_id", run_id)
    rows["checked_at"] = datetime.now(UTC)
    _store(con, rows)
    return ReconciliationOutcome(run_id, rows, str(settings.data_docs_dir / "index.html"))


def with_status(checks: pd.DataFrame, failed: dict[tuple[str, str], set[str]]) -> pd.DataFrame:
    rows = checks.copy()
    keys = zip(rows["edition_id"], rows["check_id"], strict=True)
    rows["status"] = [
        "not_computed"
        if "computed" in failed.get(key, ())
        else "mismatch"
        if "value" in failed.get(key, ())
        else "match"
        for key in keys
    ]
    rows["difference"] = rows["computed_value"] - rows["published_value"]
    rows["relative_difference"] = rows["difference"] / rows["published_value"].where(
        rows["published_value"] != 0
    )
    # What the transcription knows about a figure explains a difference, without accepting it.
    rows["explanation"] = rows["note"].where(rows["status"] != "match")
    return rows


def not_checked(checks: pd.DataFrame) -> pd.DataFrame:
    """Figures of sections no loaded source computes yet."""
    rows = checks.copy()
    rows["status"] = "not_computed"
    rows["difference"] = None
    rows["relative_difference"] = None
    rows["explanation"] = rows["note"].fillna("ninguna fuente cargada calcula esta cifra todavía")
    return rows


def apply_register(rows: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """`mismatch` -> `explained` where an auditor registered exactly this difference."""
    rows = rows.copy()
    accepted = register.set_index(["edition_id", "check_id"])
    keys = pd.MultiIndex.from_frame(rows[["edition_id", "check_id"]])
    for index, row in rows[keys.isin(accepted.index)].iterrows():
        entry = accepted.loc[(row["edition_id"], row["check_id"])]
        registered = float(entry["expected_difference"])
        signed_off = f"{entry['accepted_by']}, {entry['accepted_on']}"
        if row["status"] == "mismatch" and abs(row["difference"] - registered) < EPSILON:
            rows.at[index, "status"] = "explained"
            rows.at[index, "explanation"] = f"{entry['explanation']} (aceptado por {signed_off})"
        elif row["status"] == "mismatch":
            rows.at[index, "explanation"] = (
                f"el registro acepta una diferencia de {registered:g}, pero ahora es "
                f"{row['difference']:g}: revisar ({signed_off})"
            )
    return rows


def identity_members(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every figure of every identity of the report (its total and its parts), with the
    printed table it sits in."""
    return con.execute(
        """
        select identities.edition_id, identities.identity_id, identities.operation,
            identities.role, identities.figure_id, published.table_id, published.table_title
        from audit.published_identities as identities
        inner join audit.published_figures as published
            on identities.edition_id = published.edition_id
            and identities.figure_id = published.figure_id
        """
    ).df()


def diagnose(rows: pd.DataFrame, members: pd.DataFrame) -> pd.Series:
    """Why a figure does not match, when the report proves it: a failing identity of the
    report against itself whose printed parts give what the warehouse computes.

    - the figure is the identity's printed total, and its parts give the computed value:
      the records agree with the report's own rows; the total was misprinted;
    - the figure is one of the parts, and with the computed value instead of the printed one
      the parts would give the printed total: the part was misprinted.
    Otherwise (or for a figure that matches) the diagnosis is empty."""
    identities = rows[(rows["check_kind"] == IDENTITY) & (rows["status"] != "match")]
    failing = {
        (identity.edition_id, identity.check_id): identity
        for identity in identities.itertuples(index=False)
    }
    failing_members = members[
        [
            (edition_id, identity_id) in failing
            for edition_id, identity_id in zip(
                members["edition_id"], members["identity_id"], strict=True
            )
        ]
    ]
    by_figure: dict[tuple[str, str], list] = {}
    for member in failing_members.itertuples(index=False):
        by_figure.setdefault((member.edition_id, member.figure_id), []).append(member)
    diagnoses = []
    for figure in rows.itertuples(index=False):
        findings = []
        if (
            figure.check_kind == FIGURE
            and figure.status in ("mismatch", "explained")
            and pd.notna(figure.computed_value)
        ):
            for member in by_figure.get((figure.edition_id, figure.figure_id), []):
                identity = failing[(member.edition_id, member.identity_id)]
                parts = members[
                    (members["edition_id"] == member.edition_id)
                    & (members["identity_id"] == member.identity_id)
                    & (members["role"] == "part")
                ]
                finding = _identity_finding(figure, member, identity, parts)
                if finding:
                    findings.append(finding)
        diagnoses.append("; ".join(findings) if findings else None)
    return pd.Series(diagnoses, index=rows.index, dtype="object")


def _identity_finding(figure, member, identity, parts: pd.DataFrame) -> str | None:
    decimals = int(figure.decimals) if pd.notna(figure.decimals) else 0
    printed_total, parts_give = identity.published_value, identity.computed_value
    lower, upper = bounds(figure.published_value, "=", decimals, figure.unit)
    width = (upper - lower) / 2

    def number(value: float) -> str:
        return format_number(value, decimals)

    if member.role == "total":
        # The records agree with the report's own parts: the printed total is the odd one.
        if abs(figure.computed_value - parts_give) > width:
            return None
        return (
            f"el informe no cuadra consigo mismo: {_parts_phrase(member, parts)} "
            f"{number(parts_give)}, imprime {number(printed_total)}"
        )
    if member.operation != "sum":
        return None
    # With the computed value in place of the printed part, the parts give the printed total.
    corrected = parts_give - figure.published_value + figure.computed_value
    if abs(corrected - printed_total) > width:
        return None
    return (
        f"el informe no cuadra consigo mismo: {_parts_phrase(member, parts)} "
        f"{number(parts_give)} y el total impreso es {number(printed_total)}; con "
        f"{number(figure.computed_value)} en esta cifra, la calculada, cuadraría"
    )


def _parts_phrase(member, parts: pd.DataFrame) -> str:
    """How the report's parts are named: its rows when they share the total's table."""
    verb = "suman" if member.operation == "sum" else "son"
    tables = parts["table_id"].unique().tolist()
    if member.role == "total" and tables == [member.table_id] and member.table_id != "texto":
        return f"sus filas {verb}"
    if member.role == "part":
        return f"sus partes {verb}"
    where = " y ".join(
        "del texto" if table_id == "texto" else f"del cuadro «{title}»"
        for table_id, title in parts[["table_id", "table_title"]]
        .drop_duplicates("table_id")
        .itertuples(index=False)
    )
    return f"las cifras {where} {verb}"


def _register(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "select edition_id, check_id, expected_difference, explanation, accepted_by, "
        "accepted_on from audit.discrepancy_register"
    ).df()


def _context(settings: Settings):
    """An ephemeral context: suites, validation definitions, the checkpoint and this run's
    results live in memory (generated each run from the audit tables, so nothing is worth
    keeping between runs); only the Data Docs are written, once, into the run's reports."""
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        data_docs_sites={
            DATA_DOCS_SITE: {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(settings.data_docs_dir) + os.sep,
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
        analytics_enabled=False,
        progress_bars={"globally": False},
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _batch_definition(context):
    """The whole checks frame, passed in memory to the checkpoint."""
    asset = context.data_sources.add_pandas(DATASOURCE).add_dataframe_asset(ASSET)
    return asset.add_batch_definition_whole_dataframe(BATCH)


def _failed_checks(result) -> dict[tuple[str, str], set[str]]:
    """(edition_id, check_id) -> the expectations ("computed", "value") it failed."""
    failed: dict[tuple[str, str], set[str]] = {}
    for validation in result.run_results.values():
        for expectation in validation.results:
            if expectation.success:
                continue
            kind = expectation.expectation_config.meta["check"]
            for index in expectation.result["unexpected_index_list"]:
                failed.setdefault((index["edition_id"], index["check_id"]), set()).add(kind)
    return failed


RECONCILIATION_COLUMNS = {
    "run_id": "varchar",
    "edition_id": "varchar",
    "check_id": "varchar",
    "check_kind": "varchar",
    "figure_id": "varchar",
    "section": "varchar",
    "report_section": "varchar",
    "label": "varchar",
    "unit": "varchar",
    "comparator": "varchar",
    "published_value": "double",
    "computed_value": "double",
    "difference": "double",
    "relative_difference": "double",
    "status": "varchar",
    "explanation": "varchar",
    "checked_at": "timestamptz",
    "diagnosis": "varchar",
}


def _store(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Append this run to audit.reconciliation (one row per check and run)."""
    existing = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'audit' "
            "and table_name = 'reconciliation' order by ordinal_position"
        ).fetchall()
    ]
    columns = list(RECONCILIATION_COLUMNS)
    if existing and existing != columns and columns[: len(existing)] != existing:
        # An older layout: keep its history beside the new table rather than lose it.
        suffix = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        con.execute(f"alter table audit.reconciliation rename to reconciliation_until_{suffix}")
        existing = []
    declared = ", ".join(f"{name} {kind}" for name, kind in RECONCILIATION_COLUMNS.items())
    con.execute(f"create table if not exists audit.reconciliation ({declared})")
    # Columns added at the end keep the history: earlier runs get them empty.
    for name in columns[len(existing) :] if existing else []:
        con.execute(
            f"alter table audit.reconciliation add column {name} {RECONCILIATION_COLUMNS[name]}"
        )
    con.register("reconciliation_run", rows[list(RECONCILIATION_COLUMNS)])
    con.execute("insert into audit.reconciliation select * from reconciliation_run")
    con.unregister("reconciliation_run")
