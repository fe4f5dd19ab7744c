"""The auditors' pages, written from the audit tables of the build warehouse.

- `reconciliation.html` (and `reconciliation.csv`): the answer first (a summary per section
  and a plot), then every check that does not match with its explanation and diagnosis, then
  every published figure beside the warehouse's, filterable, with its history over the last
  runs and its source rows (file, sheet, line, sha256 of the extract version);
- `cuenta_publica_<year>.html`, one per edition: the report rebuilt from the warehouse in its
  printed order and labels, each number coloured by its status and linked to its drill-down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from expectations.reconciliation import FIGURE, IDENTITY, ReconciliationOutcome, format_number
from ingestion.freshness import stale_sources
from ingestion.warehouse import CURRENT_LOADS, create_history_tables

TEMPLATES = Path(__file__).parent / "templates"
STATUS_LABELS = {
    "match": "coincide",
    "mismatch": "no coincide",
    "explained": "explicada",
    "not_computed": "sin calcular",
}
UNIT_LABELS = {
    "people": "personas",
    "dialogues": "diálogos",
    "requests": "solicitudes",
    "boxes": "cajas",
    "cases": "casos",
    "umbral": "umbral",
    "services": "servicios",
    "CLP": "pesos",
    "events": "hechos",
    "attentions": "atenciones",
    "organisations": "organizaciones",
    "plazas": "plazas",
    "meetings": "reuniones",
    "percent": "porcentaje",
    "comunas": "comunas",
    "sessions": "sesiones",
    "priorities": "prioridades",
    "activities": "actividades",
    "places": "lugares",
    "areas": "áreas",
    "programmes": "programas",
    "certificates": "certificados",
    "families": "familias",
    "committees": "mesas",
}
SAMPLE_ROWS = 5
RECOMPUTE_SQL = (
    "select sum(contribution) as valor, count(*) as filas\n"
    "from audit.figure_lineage\n"
    "where edition_id = '{edition_id}' and figure_id = '{figure_id}'"
)


HISTORY_RUNS = 8  # how many reconciliation runs the page shows each figure's status for
RECENT_REFRESHES = 10  # how many refreshes the page lists (audit.refresh_runs)
STATUS_ORDER = ("match", "mismatch", "explained", "not_computed")
# The summary plot: one bar per section, figures stacked by status.
PLOT = {"label_width": 250, "bar_width": 420, "row_height": 24, "count_width": 110}


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    csv: Path
    rebuilt: list[Path]  # one rebuilt report per edition


def write_report(
    con: duckdb.DuckDBPyConnection, outcome: ReconciliationOutcome, reports_dir: Path, is_demo: bool
) -> ReportFiles:
    """The reconciliation page, its CSV twin and each edition's rebuilt report, from the
    audit tables of `con` for the run `outcome.run_id`."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    rows = run_rows(con, outcome.run_id)
    lineage = _lineage(con)
    parts = _identity_parts(con)
    history = _history(con, outcome.run_id)
    editions = []
    for edition in _editions(con):
        edition_rows = rows[rows["edition_id"] == edition["edition_id"]]
        sections = []
        for section in edition["sections"]:
            section_rows = edition_rows[edition_rows["section"] == section["section"]]
            figures = section_rows[section_rows["check_kind"] == FIGURE]
            identities = section_rows[section_rows["check_kind"] == IDENTITY]
            sections.append(
                {
                    "id": f"{edition['edition_id']}-{section['section']}",
                    "section": section["section"],
                    "report_section": section["report_section"],
                    "titulo": section["titulo"],
                    "title": f"{section['report_section']} {section['titulo']}",
                    "has_figures": section["has_figures"],
                    "figures": len(figures),
                    "figure_counts": {
                        status: int((figures["status"] == status).sum()) for status in STATUS_ORDER
                    },
                    "identities": len(identities),
                    "identities_failing": int((identities["status"] != "match").sum()),
                    "counts": section_rows["status"].value_counts().to_dict(),
                    "checks": [
                        _check_view(check, lineage, parts, history)
                        for check in section_rows.to_dict("records")
                    ],
                }
            )
        # Differences first (mismatches, then accepted ones, then figures without a source),
        # each group in report order.
        pending = sorted(
            (
                check
                for section in sections
                for check in section["checks"]
                if check["status"] != "match"
            ),
            key=lambda check: STATUS_ORDER.index(check["status"]),
        )
        editions.append(
            {
                **edition,
                "sections": sections,
                "pending": pending,
                "figure_totals": {
                    status: sum(section["figure_counts"][status] for section in sections)
                    for status in STATUS_ORDER
                },
                "plot": _plot(sections),
            }
        )
    report_names = rebuilt_report_names(editions)
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )
    generated_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    html = environment.get_template("reconciliation.html.j2").render(
        run_id=outcome.run_id,
        generated_at=generated_at,
        is_demo=is_demo,
        extracts=_extracts(con),
        totals=rows["status"].value_counts().to_dict(),
        status_labels=STATUS_LABELS,
        editions=editions,
        report_names=report_names,
        history_runs=history["runs"],
        refreshes=recent_refreshes(con),
        stale=[source.describe() for source in stale_sources(con, datetime.now(UTC))],
        data_docs=_relative(Path(outcome.data_docs_index), reports_dir),
    )
    files = ReportFiles(
        reports_dir / "reconciliation.html",
        reports_dir / "reconciliation.csv",
        [reports_dir / name for name in report_names.values()],
    )
    files.html.write_text(html, encoding="utf-8")
    rebuilt = environment.get_template("cuenta_publica.html.j2")
    layout = _published_layout(con)
    for edition in editions:
        edition_rows = rows[rows["edition_id"] == edition["edition_id"]]
        (reports_dir / report_names[edition["edition_id"]]).write_text(
            rebuilt.render(
                edition=edition,
                sections=_rebuilt_sections(edition, layout, edition_rows),
                run_id=outcome.run_id,
                generated_at=generated_at,
                is_demo=is_demo,
                status_labels=STATUS_LABELS,
                reconciliation=files.html.name,
            ),
            encoding="utf-8",
        )
    csv_columns = [
        "run_id", "edition_id", "section", "report_section", "check_kind", "check_id", "label",
        "unit", "comparator", "published_value", "computed_value", "difference",
        "relative_difference", "status", "explanation", "diagnosis",
    ]  # fmt: skip
    rows[csv_columns].to_csv(files.csv, index=False, encoding="utf-8")
    return files


def run_rows(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """The checks of one reconciliation run, as each edition reads: section by section,
    table by table in printed order, text figures, then its identities."""
    return con.execute(
        """
        select reconciliation.*, published.decimals, published.table_id,
            case when reconciliation.check_kind = ? then published.row_order else 10000 end
                as sort_order
        from audit.reconciliation as reconciliation
        left join audit.published_figures as published
            on reconciliation.edition_id = published.edition_id
            and reconciliation.figure_id = published.figure_id
        where reconciliation.run_id = ?
        order by reconciliation.edition_id, reconciliation.section, reconciliation.check_kind,
            published.table_id, sort_order, reconciliation.check_id
        """,
        [FIGURE, run_id],
    ).df()


def rebuilt_report_names(editions: list[dict]) -> dict[str, str]:
    """edition_id -> `cuenta_publica_<year>.html`; when two editions share a year (two
    provinces), each name also carries its province code."""
    years = [edition["anio"] for edition in editions]
    return {
        edition["edition_id"]: f"cuenta_publica_{edition['anio']}.html"
        if years.count(edition["anio"]) == 1
        else f"cuenta_publica_{edition['anio']}_{edition['cut_provincia']}.html"
        for edition in editions
    }


def _plot(sections: list[dict]) -> dict:
    """Geometry of the summary plot: one bar per section with figures, its figures stacked
    by status, all bars on one scale."""
    plotted = [section for section in sections if section["figures"]]
    widest = max((section["figures"] for section in plotted), default=1)
    bars = []
    for index, section in enumerate(plotted):
        x = PLOT["label_width"]
        segments = []
        for status in STATUS_ORDER:
            count = section["figure_counts"][status]
            if not count:
                continue
            width = PLOT["bar_width"] * count / widest
            segments.append({"status": status, "x": round(x, 1), "width": round(width, 1),
                             "count": count})  # fmt: skip
            x += width
        bars.append(
            {
                "y": index * PLOT["row_height"],
                "section": section,
                "segments": segments,
                "end": round(x, 1),
            }
        )
    return {
        **PLOT,
        "bars": bars,
        "width": PLOT["label_width"] + PLOT["bar_width"] + PLOT["count_width"],
        "height": max(len(bars), 1) * PLOT["row_height"],
    }


def _check_view(check: dict, lineage: dict, parts: dict, history: dict) -> dict:
    decimals = int(check["decimals"]) if pd.notna(check["decimals"]) else 0
    computed = check["computed_value"]
    difference = check["difference"]
    key = (check["edition_id"], check["check_id"])
    statuses = history["statuses"].get(key, [])
    earlier = [entry for entry in statuses if entry["run_id"] != check["run_id"]]
    view = {
        **check,
        "anchor": f"{check['edition_id']}-{check['check_id']}",
        "section_id": f"{check['edition_id']}-{check['section']}",
        "published_text": format_number(check["published_value"], decimals),
        "computed_text": "—" if pd.isna(computed) else format_number(computed, decimals),
        # A difference below the printed rounding (a rate met within it) is not shown as "+0".
        "difference_text": ""
        if pd.isna(difference) or round(difference, decimals) == 0
        else ("+" if difference > 0 else "") + format_number(difference, decimals),
        "status_label": STATUS_LABELS[check["status"]],
        "unit_label": UNIT_LABELS.get(check["unit"], check["unit"]),
        "explanation": None if pd.isna(check["explanation"]) else check["explanation"],
        "diagnosis": None if pd.isna(check["diagnosis"]) else check["diagnosis"],
        "history": statuses,
        # A mismatch the previous run did not have (runs before it are on the page too).
        "is_new_mismatch": check["status"] == "mismatch"
        and bool(history["earlier_runs"])
        and (not earlier or earlier[-1]["status"] != "mismatch"),
    }
    if check["check_kind"] == FIGURE:
        view["recompute_sql"] = RECOMPUTE_SQL.format(
            edition_id=check["edition_id"], figure_id=check["check_id"]
        )
        view["lineage"] = lineage.get(key)
    else:
        view["parts"] = parts.get(key, [])
    return view


def recent_refreshes(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The last refreshes before this one, newest first (this run is recorded at its end).
    A warehouse of an earlier release gets the history's current columns first."""
    create_history_tables(con)
    runs = con.execute(
        f"""
        select run_id, outcome,
            strftime(timezone('UTC', coalesce(started_at, published_at)), '%d/%m/%Y %H:%M')
                as started_text,
            duration_s, dbt_mode, failed_step, checks_match, checks_mismatch, checks_explained,
            checks_not_computed
        from audit.refresh_runs
        order by coalesce(started_at, published_at) desc nulls last
        limit {RECENT_REFRESHES}
        """
    ).df()
    runs = runs.astype(object).where(runs.notna(), None)
    return [
        {
            **run,
            "duration_text": run["duration_s"] and f"{run['duration_s']:.0f} s",
        }
        for run in runs.to_dict("records")
    ]


def _history(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """Each check's status in the last HISTORY_RUNS reconciliation runs up to `run_id`,
    oldest first (run ids are UTC timestamps, so they sort in time)."""
    rows = con.execute(
        f"""
        with runs as (
            select distinct run_id from audit.reconciliation where run_id <= ?
            order by run_id desc limit {HISTORY_RUNS}
        )
        select reconciliation.run_id, reconciliation.edition_id, reconciliation.check_id,
            reconciliation.status
        from audit.reconciliation as reconciliation
        where reconciliation.run_id in (select run_id from runs)
        order by reconciliation.run_id
        """,
        [run_id],
    ).fetchall()
    statuses: dict[tuple[str, str], list[dict]] = {}
    runs: list[str] = []
    for run, edition_id, check_id, status in rows:
        if run not in runs:
            runs.append(run)
        statuses.setdefault((edition_id, check_id), []).append(
            {"run_id": run, "status": status, "status_label": STATUS_LABELS[status]}
        )
    return {
        "runs": runs,
        "earlier_runs": [run for run in runs if run != run_id],
        "statuses": statuses,
    }


def _published_layout(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every printed figure with its place in the report. DuckDB keeps insertion order
    (`preserve_insertion_order`), so tables come in the seed's order: the report's."""
    return con.execute(
        """
        select edition_id, figure_id, section, table_id, coalesce(table_title, '') as table_title,
            coalesce(row_group, '') as row_group, row_label,
            coalesce(column_label, '') as column_label, value, decimals, comparator, row_order
        from audit.published_figures
        """
    ).df()


def _rebuilt_sections(edition: dict, layout: pd.DataFrame, rows: pd.DataFrame) -> list[dict]:
    """The report's sections with its text figures and tables, each number the warehouse's."""
    figures = {
        check["figure_id"]: check for check in rows[rows["check_kind"] == FIGURE].to_dict("records")
    }
    printed = layout[layout["edition_id"] == edition["edition_id"]]
    sections = []
    for section in edition["sections"]:
        in_section = printed[printed["section"] == section["section"]]
        texts = in_section[in_section["table_id"] == "texto"].sort_values("row_order")
        tables = []
        for table_id in in_section["table_id"].unique():
            if table_id == "texto":
                continue
            cells = in_section[in_section["table_id"] == table_id].sort_values("row_order")
            columns = list(dict.fromkeys(cells["column_label"]))
            table_rows: dict[tuple[str, str], dict] = {}
            for cell in cells.to_dict("records"):
                key = (cell["row_group"], cell["row_label"])
                row = table_rows.setdefault(key, {"group": key[0], "label": key[1], "cells": {}})
                row["cells"][cell["column_label"]] = _number_view(cell, figures)
            ordered = list(table_rows.values())
            for previous, row in zip([None, *ordered], ordered, strict=False):
                row["starts_group"] = bool(row["group"]) and (
                    previous is None or previous["group"] != row["group"]
                )
            tables.append(
                {
                    "title": cells["table_title"].iloc[0],
                    "columns": columns,
                    "rows": ordered,
                }
            )
        sections.append(
            {
                **section,
                "texts": [text_view(text, figures) for text in texts.to_dict("records")],
                "tables": tables,
            }
        )
    return sections


def _number_view(cell: dict, figures: dict) -> dict:
    check = figures[cell["figure_id"]]
    decimals = int(cell["decimals"])
    computed = check["computed_value"]
    published = format_number(cell["value"], decimals)
    return {
        "figure_id": cell["figure_id"],
        "anchor": f"{check['edition_id']}-{cell['figure_id']}",
        "status": check["status"],
        "status_label": STATUS_LABELS[check["status"]],
        "is_computed": pd.notna(computed),
        # What the warehouse computes; a figure no source gives keeps its printed value.
        "text": published if pd.isna(computed) else format_number(computed, decimals),
        "published_text": published,
    }


def text_view(text: dict, figures: dict) -> dict:
    """A text figure as its printed sentence, the printed number replaced by the computed
    one (the sentence is kept whole, with the number after it, if it does not print it)."""
    number = _number_view(text, figures)
    sentence = text["row_label"]
    decimals = int(text["decimals"])
    plain = f"{text['value']:.{decimals}f}".replace(".", ",")
    for printed in (number["published_text"], plain):
        position = sentence.find(printed)
        if position < 0:
            continue
        end = position + len(printed)
        if text["comparator"] in (">", ">="):
            # "más de 5.300": a bound, true of the computed value; the sentence keeps it.
            return {**number, "before": sentence[:end] + " (", "after": ")" + sentence[end:]}
        return {**number, "before": sentence[:position], "after": sentence[end:]}
    return {**number, "before": f"{sentence}: ", "after": ""}


def _editions(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every edition of the report, newest first, with its sections in printed order."""
    editions = con.execute(
        """
        select editions.edition_id, editions.titulo, editions.institucion, editions.anio,
            editions.cut_provincia
        from audit.report_editions as editions
        order by editions.anio desc, editions.cut_provincia
        """
    ).df()
    sections = con.execute(
        "select edition_id, section, report_section, titulo, has_figures "
        "from audit.report_sections order by edition_id, orden"
    ).df()
    return [
        {
            **edition,
            "sections": sections[sections["edition_id"] == edition["edition_id"]].to_dict(
                "records"
            ),
        }
        for edition in editions.to_dict("records")
    ]


def _lineage(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict]:
    """(edition_id, figure_id) -> recomputed value, number of rows and a sample of them."""
    # One aggregation: the sample is the first rows in file and line order, kept by a top-n
    # aggregate (a window over every lineage row sorted them all, most of the page's time).
    rows = con.execute(
        f"""
        with sheets as (
            select sha256, min(sheet) as sheet from raw.extract_loads group by sha256
        )
        select lineage.edition_id, lineage.figure_id, sum(lineage.contribution), count(*),
            min_by(
                {{'table': lineage.source_table, 'file': lineage.source_file_name,
                  'sheet': sheets.sheet, 'sha256': lineage.source_sha256,
                  'line': lineage.source_line_number, 'contribution': lineage.contribution}},
                (lineage.source_file_name, lineage.source_line_number),
                {SAMPLE_ROWS}
            )
        from audit.figure_lineage as lineage
        left join sheets on lineage.source_sha256 = sheets.sha256
        group by lineage.edition_id, lineage.figure_id
        """
    ).fetchall()
    return {
        (edition_id, figure_id): {"value": value, "rows": count, "sample": sample}
        for edition_id, figure_id, value, count, sample in rows
    }


def _identity_parts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[dict]]:
    rows = con.execute(
        """
        select identities.edition_id, identities.identity_id, identities.figure_id,
            published.row_label, published.column_label, published.value
        from audit.published_identities as identities
        inner join audit.published_figures as published
            on identities.edition_id = published.edition_id
            and identities.figure_id = published.figure_id
        where identities.role = 'part'
        order by identities.edition_id, identities.identity_id, published.row_order
        """
    ).fetchall()
    parts: dict[tuple[str, str], list[dict]] = {}
    for edition_id, identity_id, figure_id, row_label, column_label, value in rows:
        parts.setdefault((edition_id, identity_id), []).append(
            {
                "figure_id": figure_id,
                "label": " / ".join(x for x in (row_label, column_label) if x),
                "value": format_number(value, 0 if float(value).is_integer() else 2),
            }
        )
    return parts


def _extracts(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The extract versions behind this build: one per configured location."""
    return (
        con.execute(
            f"""
            select source, location, file_name, sha256, size_bytes, is_demo, loaded_at,
                rows_loaded, rows_quarantined
            from ({CURRENT_LOADS})
            order by source, location
            """
        )
        .df()
        .to_dict("records")
    )


def _relative(target: Path, base: Path) -> str:
    try:
        return str(target.relative_to(base))
    except ValueError:
        return target.as_uri()
