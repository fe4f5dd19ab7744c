"""Mutated extracts fail exactly the affected figures, while an analyst keeps querying.

One refresh of a copy of the session's instance carries several independent mutations of the
demo extracts; an analyst process holds the published warehouse open the whole time, in Python
and in the command-line client, while new command-line clients keep opening it. The same
refresh reconfigures the food log as two same-named files in different folders (an extract's
identity is its location: both count), which removes the demo food locations of the session
refresh (they stop counting, their history stays), and adds a record dated today. The
changed figures become warnings of their sections' reconciliation checks; the refresh still
publishes (the report may be wrong, and the auditors need the warehouse to see why).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity

from ingestion.demo import orasmi_solicitudes
from ingestion.rut import format_rut, normalize_rut
from orchestration.defs.reconciliation import CHECK_NAME
from orchestration.defs.resources import dbt_project
from tests.clients import duckdb_cli
from tests.conftest import (
    EDITION_YEAR,
    FOOD_FILE,
    editions,
    published_table,
    published_values,
    read_rows,
    read_seed,
    rewrite_xlsx,
    run_refresh,
    write_rows,
)
from tests.test_refresh_end_to_end import identities_that_do_not_add_up

pytestmark = pytest.mark.e2e

ORASMI_FILE = Path(orasmi_solicitudes.demo_file(EDITION_YEAR))
ANALYST = """
import duckdb, json, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
query = (
    "select sum(primera_entrega) from marts.alimentos_entregas_por_comuna "
    f"where not is_total and cut_provincia = '{sys.argv[2]}' and anio = {sys.argv[3]}"
)
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


# Every refresh adds its rows, so the count tells which published version a client reads.
RECONCILIATION_ROWS = "select count(*) from audit.reconciliation;\n"


def open_repeatedly(cli, published: Path, stop: threading.Event, seen: list, failures: list):
    """New command-line clients open the published file one after another until `stop`, and once
    more after it."""
    while True:
        stopping = stop.is_set()
        try:
            completed = subprocess.run(
                [
                    str(cli),
                    "-readonly",
                    str(published),
                    "-csv",
                    "-noheader",
                    "-c",
                    RECONCILIATION_ROWS,
                ],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (subprocess.SubprocessError, OSError) as error:  # reported, not lost with the thread
            failures.append(repr(error))
            return
        if completed.returncode or completed.stderr:
            failures.append(completed.stderr)
        else:
            seen.append(int(completed.stdout))
        if stopping:
            return
        stop.wait(0.2)


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


def pick_all(rows, column, comuna: str, round_number: str) -> list:
    return [
        row
        for row in rows
        if row[column["COMUNA"]] == comuna and row[column["N° ENTREGA"]] == round_number
    ]


def pick(rows, column, comuna: str, round_number: str):
    return pick_all(rows, column, comuna, round_number)[0]


def add_negative_payment_elsewhere(rows: list[list]) -> None:
    """A payment of another province typed with a minus sign (the contract allows negative
    amounts, for reversals): it is classified out of the figures, it never stops the refresh."""
    column = {name: index for index, name in enumerate(rows[0])}
    payment = list(
        next(
            row
            for row in rows[1:]
            if row[column["ESTADO"]] == "Pagada"
            and row[column["COMUNA"]].strip().upper() == "COPIAPÓ"
            and isinstance(row[column["MONTO"]], float)
        )
    )
    payment[column["N° SOLICITUD"]] = 999_999
    payment[column["MONTO"]] = -abs(payment[column["MONTO"]])
    rows.append(payment)


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


def assert_locations_identify_extracts(con, food: list[Path]) -> None:
    current = con.execute(
        """
        select location, is_demo from raw.extract_loads
        where source = 'alimentos_entregas' and retired_at is null
        qualify row_number() over (partition by location order by loaded_at desc) = 1
        """
    ).fetchall()
    assert sorted(current) == sorted((str(path), False) for path in food), (
        "same-named files in two folders both count; the demo locations are retired"
    )
    behind_rows = con.execute(
        """
        select loads.location, count(*) from raw.alimentos_entregas as rows
        inner join raw.extract_loads as loads on rows._load_id = loads.load_id
        group by loads.location
        """
    ).fetchall()
    assert {location for location, _ in behind_rows} == {str(path) for path in food}
    retired_demo = con.execute(
        "select count(*) from raw.extract_loads "
        "where source = 'alimentos_entregas' and is_demo and retired_at is not null"
    ).fetchone()[0]
    assert retired_demo > 0, "the demo locations' history stays in the load log"
    dated_today = con.execute(
        "select count(*) from raw.alimentos_entregas where fecha_entrega = current_date"
    ).fetchone()[0]
    assert dated_today == 1


def section_of_marts() -> dict[str, str]:
    """mart -> report section, for the marts that carry the reconciliation check."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return {
        node["name"]: node["config"]["meta"]["report_section"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "report_section" in node["config"].get("meta", {})
    }


def assert_sections_warn_exactly_where_figures_differ(result) -> None:
    """The mutated sections' checks fail as warnings; the others keep their outcome (those
    where the printed report contradicts itself fail, the rest pass)."""
    evaluations = {
        evaluation.asset_key.path[-1]: evaluation
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.check_name == CHECK_NAME
    }
    sections = section_of_marts()
    identity_sections = {
        (row["edition_id"], row["identity_id"]): row["section"]
        for row in read_seed("published_identities")
    }
    contradicted = {
        identity_sections[(edition_id, identity_id)]
        for edition_id, identity_id, _, _ in identities_that_do_not_add_up()
    }
    failing = {sections[mart] for mart, evaluation in evaluations.items() if not evaluation.passed}
    assert failing == contradicted | {"alimentos", "orasmi"}
    assert {evaluations[mart].severity for mart in evaluations} == {AssetCheckSeverity.WARN}


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
    # 6. A record dated today (whatever today is) loads without stopping the refresh.
    today = list(pick(singles, column, "Copiapó", "1"))
    today[column["RUT JEFE HOGAR"]] = format_rut(3_999_997)
    today[column["FECHA ENTREGA"]] = date.today().strftime("%d/%m/%Y")
    # 7. Two Freirina deliveries of the second round removed.
    removed = pick_all(singles, column, "Freirina", "2")[:2]
    kept = [row for row in rows if not any(row is victim for victim in removed)]
    mutated = [*kept, extra, other_province, recorded_twice, today]
    half = len(mutated) // 2
    food = [
        write_rows(tmp_path / office / FOOD_FILE.name, header, part)
        for office, part in (("oficina_a", mutated[:half]), ("oficina_b", mutated[half:]))
    ]
    # 5. An ORASMI amount changed.
    ledger = rewrite_xlsx(
        demo_dir / ORASMI_FILE,
        tmp_path / "in" / ORASMI_FILE.name,
        "Solicitudes",
        lambda ledger_rows: (
            raise_one_paid_amount(ledger_rows, 1_000),
            add_negative_payment_elsewhere(ledger_rows),
        ),
    )
    published = published_instance / "warehouse" / "huasco.duckdb"
    [edition] = editions()  # the one edition the demo extracts reproduce
    cli = duckdb_cli()
    # This thread starts clients while the refresh in this process starts its own: once, on a
    # fresh clone, a client's start failed with OSError EFAULT ("Bad address") from the vfork
    # CPython uses, with PySpark's gRPC loaded. CPython's own switch falls back to fork here.
    monkeypatch.setattr(subprocess, "_USE_VFORK", False, raising=False)
    opened, open_failures, stop = [], [], threading.Event()
    opener = threading.Thread(
        target=open_repeatedly, args=(cli, published, stop, opened, open_failures)
    )
    with (
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                ANALYST,
                str(published),
                edition["cut_provincia"],
                edition["anio"],
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        ) as analyst,
        subprocess.Popen(
            [str(cli), "-readonly", str(published), "-csv", "-noheader"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ) as cli_session,
    ):
        assert analyst.stdout.readline().strip() == "ready"
        analyst.stdin.write("query\n")
        analyst.stdin.flush()
        cli_session.stdin.write(RECONCILIATION_ROWS)
        cli_session.stdin.flush()
        rows_before = int(cli_session.stdout.readline())  # the session has the file open
        opener.start()

        result = run_refresh(
            monkeypatch,
            published_instance,
            demo_dir,
            food,
            # the ledgers of the other years stay configured: a 2020 figure may come from a
            # request of another year's file (paid or reversed across the new year)
            orasmi_solicitudes=[
                *(
                    demo_dir / name
                    for name in orasmi_solicitudes.DEMO_FILES
                    if name != str(ORASMI_FILE)
                ),
                ledger,
            ],
        )

        stop.set()
        opener.join(timeout=120)
        assert not opener.is_alive(), "a command-line client did not return"
        for _ in range(20):
            analyst.stdin.write("query\n")
            analyst.stdin.flush()
            cli_session.stdin.write(RECONCILIATION_ROWS)
            time.sleep(0.01)
        out, _ = analyst.communicate("stop\n", timeout=60)
        cli_out, cli_errors = cli_session.communicate(timeout=60)
    seen = json.loads(out.strip().splitlines()[-1])
    assert result.success, "a published-figure mismatch is a warning, not a failed refresh"
    assert_sections_warn_exactly_where_figures_differ(result)
    printed = published_table("alimentos_entregas", edition["edition_id"])
    [first_round_total] = [
        float(c["value"])
        for c in printed
        if c["is_total"] == "true" and c["column_key"] == "primera_entrega"
    ]
    assert seen == {"seen": [first_round_total], "failures": []}, (
        "the open session keeps its version"
    )
    assert (cli_errors, set(map(int, cli_out.split()))) == ("", {rows_before})
    # Clients that open the file during the refresh see the old version, then the new one.
    assert open_failures == []
    rows_after = opened[-1]
    assert rows_after > rows_before
    assert set(opened) == {rows_before, rows_after} and opened == sorted(opened)

    with duckdb.connect(str(published), read_only=True) as con:
        assert_locations_identify_extracts(con, food)
        runs = computed_by_run(con)
        failing = con.execute(
            """
            select check_id, difference from audit.reconciliation
            where check_kind = 'cifra' and status = 'mismatch' and edition_id = ?
              and run_id = (select max(run_id) from audit.reconciliation)
            """,
            [edition["edition_id"]],
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
        "alimentos__alimentos_entregas__freirina__segunda_entrega": -2,
        "alimentos__alimentos_entregas__total_por_comuna__segunda_entrega": -2,
        "alimentos__texto__cajas_mercaderia": 1 - 2,
        "alimentos__alimentos_entregas__vallenar__primera_entrega": -1,
        "alimentos__alimentos_entregas__huasco__primera_entrega": 1,
        "orasmi__orasmi_areas__salud__valor": 1_000,
        "orasmi__texto__monto": 1_000,
    }
    # Each changed figure now fails by exactly its change (the printed monto already differed
    # from the sum of the printed areas: the report contradicts itself).
    values = published_values(edition["edition_id"])
    areas = sum(float(c["value"]) for c in published_table("orasmi_areas", edition["edition_id"]))
    assert {figure_id for figure_id, _ in failing} >= set(changed)
    assert dict(failing)["orasmi__orasmi_areas__salud__valor"] == 1_000
    assert dict(failing)["orasmi__texto__monto"] == areas - values["orasmi__texto__monto"] + 1_000
