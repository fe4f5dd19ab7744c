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

TEMPLATES = Path(__file__).parent / "templates"
SECTION_TITLES = {
    "get": "II.1 Gobierno en Terreno",
    "extranjeria": "II.3 Extranjería",
    "proteccion_social": "II.4 Protección Social",
    "seguridad_publica": "II.5 Seguridad Pública",
    "alimentos": "II.6 Alimentos para Chile",
    "orasmi": "II.7 ORASMI",
    "emergencias": "II.8 Emergencias",
    "convenios": "II.9 Convenios",
    "fondes": "II.10 Fondos (FONDES)",
    "plan_2021": "III Programación 2021",
}
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
    "from audit.figure_lineage\nwhere figure_id = '{figure_id}'"
)


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    csv: Path


def write_report(
    con: duckdb.DuckDBPyConnection, outcome: ReconciliationOutcome, reports_dir: Path, is_demo: bool
) -> ReportFiles:
    reports_dir.mkdir(parents=True, exist_ok=True)
    # As the report reads: table by table in printed order, text figures, then its identities.
    rows = outcome.rows.sort_values(["section", "check_kind", "table_id", "sort_order", "check_id"])
    lineage = _lineage(con)
    parts = _identity_parts(con)
    sections = []
    for section, title in SECTION_TITLES.items():
        section_rows = rows[rows["section"] == section]
        if section_rows.empty:
            continue
        sections.append(
            {
                "id": section,
                "title": title,
                "counts": section_rows["status"].value_counts().to_dict(),
                "checks": [
                    _check_view(check, lineage, parts) for check in section_rows.to_dict("records")
                ],
            }
        )
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
        sections=sections,
        data_docs=_relative(Path(outcome.data_docs_index), reports_dir),
    )
    files = ReportFiles(reports_dir / "reconciliation.html", reports_dir / "reconciliation.csv")
    files.html.write_text(html, encoding="utf-8")
    csv_columns = [
        "run_id", "section", "report_section", "check_kind", "check_id", "label", "unit",
        "comparator", "published_value", "computed_value", "difference",
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
    if check["check_kind"] == "cifra":
        sample = lineage.get(check["check_id"])
        view["recompute_sql"] = RECOMPUTE_SQL.format(figure_id=check["check_id"])
        view["lineage"] = sample
    else:
        view["parts"] = parts.get(check["check_id"], [])
    return view


def _lineage(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """figure_id -> recomputed value, number of rows and a sample of them."""
    totals = con.execute(
        "select figure_id, sum(contribution), count(*) from audit.figure_lineage group by 1"
    ).fetchall()
    samples = con.execute(
        f"""
        select figure_id, source_table, source_file_name, source_line_number, contribution
        from audit.figure_lineage
        qualify row_number() over (
            partition by figure_id order by source_file_name, source_line_number) <= {SAMPLE_ROWS}
        order by figure_id, source_file_name, source_line_number
        """
    ).fetchall()
    lineage = {
        figure_id: {"value": value, "rows": rows, "sample": []} for figure_id, value, rows in totals
    }
    for figure_id, table, file_name, line, contribution in samples:
        lineage[figure_id]["sample"].append(
            {"table": table, "file": file_name, "line": line, "contribution": contribution}
        )
    return lineage


def _identity_parts(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    rows = con.execute(
        """
        select identities.identity_id, identities.figure_id, published.row_label,
            published.column_label, published.value
        from audit.published_identities as identities
        inner join audit.published_figures as published
            on identities.figure_id = published.figure_id
        where identities.role = 'part'
        order by identities.identity_id, published.row_order
        """
    ).fetchall()
    parts: dict[str, list[dict]] = {}
    for identity_id, figure_id, row_label, column_label, value in rows:
        parts.setdefault(identity_id, []).append(
            {
                "figure_id": figure_id,
                "label": " / ".join(x for x in (row_label, column_label) if x),
                "value": format_number(value, 0 if float(value).is_integer() else 2),
            }
        )
    return parts


def _extracts(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return (
        con.execute(
            """
            select source, file_name, sha256, size_bytes, is_demo, loaded_at,
                rows_loaded, rows_quarantined
            from raw.extract_loads
            qualify row_number() over (
                partition by source, file_name order by loaded_at desc) = 1
            order by source, file_name
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
