"""Mutated extracts fail exactly the affected figures, while an analyst keeps querying.

One refresh of a copy of the session's instance carries several independent mutations of the
demo extracts; an analyst process holds the published warehouse open the whole time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingestion.demo import orasmi_solicitudes
from ingestion.rut import format_rut, normalize_rut
from tests.conftest import FOOD_FILE, read_rows, rewrite_xlsx, run_refresh, write_rows

pytestmark = pytest.mark.e2e

ORASMI_FILE = Path(orasmi_solicitudes.demo_file(2020))
ANALYST = """
import duckdb, json, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
query = "select sum(primera_entrega) from marts.alimentos_entregas_por_comuna where not is_total"
seen, failures = set(), []
print("ready", flush=True)
deadline = time.time() + 600
while time.time() < deadline and sys.stdin.readline().strip() != "stop":
    try:
        seen.add(con.execute(query).fetchone()[0])
    except Exception as error:
        failures.append(str(error))
print(json.dumps({"seen": sorted(seen), "failures": failures}), flush=True)
"""


def household_rows(rows, column):
    """Rows whose household and round appear once (a change to them changes one count)."""
    seen: dict[tuple, int] = {}
    for row in rows:
        key = (normalize_rut(row[column["RUT JEFE HOGAR"]]), row[column["N° ENTREGA"]])
        seen[key] = seen.get(key, 0) + 1
    return [
        row
        for row in rows
        if seen[(normalize_rut(row[column["RUT JEFE HOGAR"]]), row[column["N° ENTREGA"]])] == 1
    ]


def pick(rows, column, comuna: str, round_number: str):
    return next(
        row
        for row in rows
        if row[column["COMUNA"]] == comuna and row[column["N° ENTREGA"]] == round_number
    )


def raise_one_paid_amount(rows: list[list], increase: int) -> None:
    """A paid 2020 Vallenar «Salud» request (its only row in the ledger) gets a larger amount."""
    column = {name: index for index, name in enumerate(rows[0])}
    numbers = [row[column["N° SOLICITUD"]] for row in rows[1:]]
    row = next(
        row
        for row in rows[1:]
        if row[column["ESTADO"]] == "Pagada"
        and getattr(row[column["FECHA ESTADO"]], "year", None) == 2020
        and row[column["COMUNA"]].strip().upper() == "VALLENAR"
        and row[column["ÁREA"]].strip().upper() == "SALUD"
        and isinstance(row[column["MONTO"]], float)
        and numbers.count(row[column["N° SOLICITUD"]]) == 1
    )
    row[column["MONTO"]] += increase


def computed_by_run(con) -> dict[str, dict[str, float]]:
    """run_id -> figure_id -> computed value, for every reconciliation run stored."""
    runs: dict[str, dict[str, float]] = {}
    for run_id, figure_id, value in con.execute(
        "select run_id, check_id, computed_value from audit.reconciliation "
        "where check_kind = 'cifra'"
    ).fetchall():
        runs.setdefault(run_id, {})[figure_id] = value
    return runs


def test_each_mutation_fails_exactly_its_figures(
    monkeypatch, tmp_path, demo_dir, published_instance
):
    header, rows = read_rows(demo_dir / FOOD_FILE)
    column = {name: index for index, name in enumerate(header)}
    singles = household_rows(rows, column)
    # 1. A delivery recorded for a new household in Alto del Carmen, third round.
    extra = list(pick(singles, column, "Alto del Carmen", "3"))
    extra[column["RUT JEFE HOGAR"]] = format_rut(3_999_999)
    # 2. A Vallenar delivery of the first round moved to Huasco.
    moved = pick(singles, column, "Vallenar", "1")
    moved[column["COMUNA"]] = "Huasco"
    # 3. A row from another province (Copiapó): it must change nothing printed.
    other_province = list(pick(singles, column, "Copiapó", "2"))
    other_province[column["RUT JEFE HOGAR"]] = format_rut(3_999_998)
    # 4. A delivery recorded twice (same household and round, new folio): counted once.
    recorded_twice = list(pick(singles, column, "Freirina", "3"))
    recorded_twice[column["FOLIO"]] = "999.999"
    food = write_rows(
        tmp_path / "in" / FOOD_FILE.name, header, [*rows, extra, other_province, recorded_twice]
    )
    # 5. An ORASMI amount changed.
    ledger = rewrite_xlsx(
        demo_dir / ORASMI_FILE,
        tmp_path / "in" / ORASMI_FILE.name,
        "Solicitudes",
        lambda ledger_rows: raise_one_paid_amount(ledger_rows, 1_000),
    )
    published = published_instance / "warehouse" / "huasco.duckdb"
    with subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(published)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as analyst:
        assert analyst.stdout.readline().strip() == "ready"
        analyst.stdin.write("query\n")
        analyst.stdin.flush()

        result = run_refresh(
            monkeypatch, published_instance, demo_dir, food, orasmi_solicitudes=ledger
        )

        for _ in range(20):
            analyst.stdin.write("query\n")
            analyst.stdin.flush()
            time.sleep(0.01)
        out, _ = analyst.communicate("stop\n", timeout=60)
    seen = json.loads(out.strip().splitlines()[-1])
    assert result.success
    assert seen == {"seen": [11600], "failures": []}, "the open session keeps its version"

    with duckdb.connect(str(published), read_only=True) as con:
        runs = computed_by_run(con)
        failing = con.execute(
            """
            select check_id, difference from audit.reconciliation
            where check_kind = 'cifra' and status = 'mismatch'
              and run_id = (select max(run_id) from audit.reconciliation)
            """
        ).fetchall()
    before, after = (runs[run_id] for run_id in sorted(runs)[-2:])
    changed = {
        figure_id: after[figure_id] - before[figure_id]
        for figure_id in after
        if after[figure_id] != before[figure_id]
    }
    assert changed == {
        "alimentos__alimentos_entregas__alto_del_carmen__tercera_entrega": 1,
        "alimentos__alimentos_entregas__total_por_comuna__tercera_entrega": 1,
        "alimentos__texto__cajas_mercaderia": 1,
        "alimentos__alimentos_entregas__vallenar__primera_entrega": -1,
        "alimentos__alimentos_entregas__huasco__primera_entrega": 1,
        "orasmi__orasmi_areas__salud__valor": 1_000,
        "orasmi__texto__monto": 1_000,
    }
    # Each changed figure now fails by exactly its change (the monto already differed by
    # -5.531 in the printed report itself).
    assert {figure_id for figure_id, _ in failing} >= set(changed)
    assert dict(failing)["orasmi__orasmi_areas__salud__valor"] == 1_000
    assert dict(failing)["orasmi__texto__monto"] == -5_531 + 1_000
