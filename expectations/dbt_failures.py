"""Say which source rows made dbt tests fail: the test, and the file, sheet and line of a few
of its failing rows (dbt stores them, `store_failures`), instead of only the test's name."""

from __future__ import annotations

import duckdb

SAMPLE_ROWS = 5
# The rules a failing row breaks, as the project's row_rules test names them.
BROKEN_RULES_COLUMN = "reglas_incumplidas"
# Where a failing row says which file, sheet and line it came from, whatever its layer.
WHERE_COLUMNS = {
    "archivo": ("source_file_name", "_file_name", "file_name"),
    "hoja": ("source_sheet", "_sheet", "sheet"),
    "línea": ("source_line_number", "_line_number", "line_number"),
}


def failed_tests_message(run_results: dict, manifest: dict, con: duckdb.DuckDBPyConnection) -> str:
    """One paragraph per failed or errored dbt node, naming the source rows behind it."""
    paragraphs = []
    for result in run_results.get("results", []):
        if result["status"] not in ("fail", "error"):
            continue
        node = manifest["nodes"].get(result["unique_id"], {})
        text = f"{node.get('name', result['unique_id'])}: {result.get('message') or ''}"
        relation = node.get("relation_name") if node.get("resource_type") == "test" else None
        if relation:
            text += "".join(f"\n  - {row}" for row in failing_rows(con, relation))
        paragraphs.append(text)
    return "Pruebas de dbt que no pasan:\n" + "\n".join(paragraphs)


def failing_rows(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """A few stored failing rows: where each came from, then its other values."""
    try:
        cursor = con.execute(f"select * from {relation} limit {SAMPLE_ROWS}")
    except duckdb.Error as error:  # nothing stored, e.g. the test did not compile
        return [f"(filas no disponibles: {error})"]
    columns = [description[0] for description in cursor.description]
    lineage = {name for names in WHERE_COLUMNS.values() for name in names}
    described = []
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        where = [
            f"{label} {value}"
            for label, names in WHERE_COLUMNS.items()
            if (value := _first_present(row, names)) is not None
        ]
        broken = f"incumple {row[BROKEN_RULES_COLUMN]}; " if row.get(BROKEN_RULES_COLUMN) else ""
        others = ", ".join(
            f"{k}={v}" for k, v in row.items() if k not in lineage and k != BROKEN_RULES_COLUMN
        )
        described.append(f"{', '.join(where) or 'sin archivo de origen'}: {broken}{others}")
    return described


def _first_present(row: dict, names: tuple[str, ...]):
    return next((row[name] for name in names if row.get(name) not in (None, "")), None)
