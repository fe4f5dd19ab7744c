"""The auditors' page: every published figure beside the warehouse's, with its source rows.

Writes `reconciliation.html` (one page, grouped by report section, printable) and
`reconciliation.csv` into the reports folder, from the tables of the build warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from expectations.reconciliation import ReconciliationOutcome, format_number
from ingestion.warehouse import CURRENT_LOADS

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


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    csv: Path


def write_report(
    con: duckdb.DuckDBPyConnection, outcome: ReconciliationOutcome, reports_dir: Path, is_demo: bool
) -> ReportFiles:
    reports_dir.mkdir(parents=True, exist_ok=True)
    # As each edition reads: section by section, table by table in printed order, text
    # figures, then its identities.
    rows = outcome.rows.sort_values(
        ["edition_id", "section", "check_kind", "table_id", "sort_order", "check_id"]
    )
    lineage = _lineage(con)
    parts = _identity_parts(con)
    editions = []
    for edition in _editions(con):
        edition_rows = rows[rows["edition_id"] == edition["edition_id"]]
        sections = []
        for section in edition["sections"]:
            section_rows = edition_rows[edition_rows["section"] == section["section"]]
            sections.append(
                {
                    "id": f"{edition['edition_id']}-{section['section']}",
                    "title": f"{section['report_section']} {section['titulo']}",
                    "has_figures": section["has_figures"],
                    "counts": section_rows["status"].value_counts().to_dict(),
                    "checks": [
                        _check_view(check, lineage, parts)
                        for check in section_rows.to_dict("records")
                    ],
                }
            )
        editions.append({**edition, "sections": sections})
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )
    html = environment.get_template("reconciliation.html.j2").render(
        run_id=outcome.run_id,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        is_demo=is_demo,
        extracts=_extracts(con),
        totals=rows["status"].value_counts().to_dict(),
        status_labels=STATUS_LABELS,
        editions=editions,
        data_docs=_relative(Path(outcome.data_docs_index), reports_dir),
    )
    files = ReportFiles(reports_dir / "reconciliation.html", reports_dir / "reconciliation.csv")
    files.html.write_text(html, encoding="utf-8")
    csv_columns = [
        "run_id", "edition_id", "section", "report_section", "check_kind", "check_id", "label",
        "unit", "comparator", "published_value", "computed_value", "difference",
        "relative_difference", "status", "explanation",
    ]  # fmt: skip
    rows[csv_columns].to_csv(files.csv, index=False, encoding="utf-8")
    return files


def _check_view(check: dict, lineage: dict, parts: dict) -> dict:
    decimals = int(check["decimals"]) if pd.notna(check["decimals"]) else 0
    computed = check["computed_value"]
    difference = check["difference"]
    view = {
        **check,
        "published_text": format_number(check["published_value"], decimals),
        "computed_text": "—" if pd.isna(computed) else format_number(computed, decimals),
        "difference_text": ""
        if pd.isna(difference) or difference == 0
        else ("+" if difference > 0 else "") + format_number(difference, decimals),
        "status_label": STATUS_LABELS[check["status"]],
        "unit_label": UNIT_LABELS.get(check["unit"], check["unit"]),
        "explanation": None if pd.isna(check["explanation"]) else check["explanation"],
    }
    key = (check["edition_id"], check["check_id"])
    if check["check_kind"] == "cifra":
        view["recompute_sql"] = RECOMPUTE_SQL.format(
            edition_id=check["edition_id"], figure_id=check["check_id"]
        )
        view["lineage"] = lineage.get(key)
    else:
        view["parts"] = parts.get(key, [])
    return view


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
    totals = con.execute(
        "select edition_id, figure_id, sum(contribution), count(*) "
        "from audit.figure_lineage group by 1, 2"
    ).fetchall()
    samples = con.execute(
        f"""
        select edition_id, figure_id, source_table, source_file_name, source_sha256,
            source_line_number, contribution
        from audit.figure_lineage
        qualify row_number() over (
            partition by edition_id, figure_id
            order by source_file_name, source_line_number) <= {SAMPLE_ROWS}
        order by edition_id, figure_id, source_file_name, source_line_number
        """
    ).fetchall()
    lineage = {
        (edition_id, figure_id): {"value": value, "rows": rows, "sample": []}
        for edition_id, figure_id, value, rows in totals
    }
    for edition_id, figure_id, table, file_name, sha256, line, contribution in samples:
        lineage[(edition_id, figure_id)]["sample"].append(
            {
                "table": table,
                "file": file_name,
                "sha256": sha256,
                "line": line,
                "contribution": contribution,
            }
        )
    return lineage


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
