"""Editions are data: the first edition reconciles as it always did from extracts spanning
several years, and a new edition defined only as rows of data reconciles with no code change.

Expected figures come from the seeds, or are computed here from the extracts with plain
Python, independently of the models."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import unicodedata
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from expectations.data_docs import NODE_MODULES
from ingestion.rut import normalize_rut
from ingestion.settings import PROJECT_ROOT
from tests.conftest import BIN, editions, instance_env, read_seed
from tests.test_refresh_end_to_end import identities_that_do_not_add_up

pytestmark = pytest.mark.e2e

NEW_EDITION = "edicion_siguiente"


def expected_statuses(edition_id: str) -> dict[str, tuple[str, float | None]]:
    """figure_id -> (status, computed value expected where it is not the printed one), from
    the seeds alone: a printed total that its printed parts contradict is computed as its
    parts; the population is the census of the province's comunas; the surface has no source."""
    figures = [r for r in read_seed("published_figures") if r["edition_id"] == edition_id]
    [edition] = [e for e in editions() if e["edition_id"] == edition_id]
    expected: dict[str, tuple[str, float | None]] = {
        row["figure_id"]: ("match", None) for row in figures
    }
    totals = {
        (row["edition_id"], row["identity_id"]): row["figure_id"]
        for row in read_seed("published_identities")
        if row["role"] == "total"
    }
    for identity_edition, identity_id, _, derived in identities_that_do_not_add_up():
        if identity_edition == edition_id:
            expected[totals[(identity_edition, identity_id)]] = ("mismatch", derived)
    census = sum(
        float(row["poblacion_censo_2017"])
        for row in read_seed("comunas")
        if row["cut_provincia"] == edition["cut_provincia"]
    )
    expected["antecedentes__texto__poblacion"] = ("mismatch", census)
    expected["antecedentes__texto__superficie"] = ("not_computed", None)
    return expected


@pytest.mark.parametrize("edition", editions(), ids=lambda edition: edition["edition_id"])
def test_each_edition_reconciles_as_its_figures_say(published, edition):
    """The demo extracts span several years; the edition's figures are the same as ever."""
    rows = published.execute(
        """
        select check_id, status, computed_value from audit.reconciliation
        where check_kind = 'cifra' and edition_id = ?
          and run_id = (select max(run_id) from audit.reconciliation)
        """,
        [edition["edition_id"]],
    ).fetchall()
    actual = {check_id: (status, value) for check_id, status, value in rows}
    expected = expected_statuses(edition["edition_id"])
    assert set(actual) == set(expected)
    for figure_id, (status, value) in expected.items():
        assert actual[figure_id][0] == status, figure_id
        if value is not None:
            assert actual[figure_id][1] == pytest.approx(value), figure_id


def test_marts_hold_every_year_of_the_extracts(published):
    years = {
        year
        for (year,) in published.execute(
            "select distinct anio from marts.seguridad_stop_delitos"
        ).fetchall()
    }
    edition_years = {int(edition["anio"]) for edition in editions()}
    assert edition_years < years, "years no edition prints are kept too"


# --- A new edition, defined only as data --------------------------------------------------


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def food_figures(log: Path, cut_provincia: str, year: int, rounds: dict) -> dict:
    """(comuna, round) -> boxes, computed from the delivery log as the contract and the
    programme's rules state: valid RUT and date, a known comuna of the province, one box per
    household and round, delivered inside its round."""
    comunas = {_key(r["comuna"]): r for r in read_seed("comunas")}
    seen, counts = set(), Counter()
    with log.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    parsed = []
    for row in rows:
        try:
            day = datetime.strptime(row["FECHA ENTREGA"].strip(), "%d/%m/%Y").date()
            number = int(row["N° ENTREGA"])
        except ValueError:
            continue
        rut = normalize_rut(row["RUT JEFE HOGAR"])
        comuna = comunas.get(_key(row["COMUNA"]))
        if rut is None:
            continue
        folio = int(row["FOLIO"].replace(".", ""))
        parsed.append((day, folio, rut, number, comuna))
    for day, _, rut, number, comuna in sorted(parsed, key=lambda p: (p[2], p[3], p[0], p[1])):
        if (rut, day.year, number) in seen:
            continue
        seen.add((rut, day.year, number))
        start, end = rounds.get((day.year, number), (None, None))
        if comuna is None or start is None or day.year != year:
            continue
        if comuna["cut_provincia"] != cut_provincia:
            continue
        if start <= day <= end:
            counts[(comuna["comuna"], number)] += 1
    return counts


def new_edition_seeds(seeds_dir: Path, demo_dir: Path) -> dict[str, float]:
    """Append to a copy of the seeds a new edition one year after the first, with the food
    table and text computed here; return its expected figures."""
    [first] = editions()
    year = int(first["anio"]) + 1
    rows_2020 = [r for r in read_seed("alimentos_rondas") if r["anio"] == first["anio"]]
    rounds = {}
    new_rounds = []
    for r in rows_2020:
        start = date.fromisoformat(r["inicio_ronda"]).replace(year=year)
        end = date.fromisoformat(r["fin_ronda"]).replace(year=year)
        rounds[(year, int(r["numero_entrega"]))] = (start, end)
        new_rounds.append(
            {**r, "anio": str(year), "inicio_ronda": str(start), "fin_ronda": str(end)}
        )
    [log] = sorted(demo_dir.glob(f"alimentos/*{year}*.csv"))
    counts = food_figures(log, first["cut_provincia"], year, rounds)
    first_cells = [
        r
        for r in read_seed("published_figures")
        if r["edition_id"] == first["edition_id"] and r["section"] == "alimentos"
    ]
    key_round = {r["column_key"]: int(r["numero_entrega"]) for r in rows_2020}
    figures, expected = [], {}
    for cell in first_cells:
        if cell["table_id"] == "texto":
            value = sum(counts.values())
        elif cell["is_total"] == "true":
            value = sum(
                n for (_, number), n in counts.items() if number == key_round[cell["column_key"]]
            )
        else:
            value = counts[(cell["row_label"], key_round[cell["column_key"]])]
        figures.append({**cell, "edition_id": NEW_EDITION, "value": str(value)})
        expected[cell["figure_id"]] = float(value)
    append(seeds_dir / "published_figures.csv", figures)
    append(seeds_dir / "alimentos_rondas.csv", new_rounds)
    append(
        seeds_dir / "report_editions.csv",
        [{**first, "edition_id": NEW_EDITION, "anio": str(year), "titulo": f"Edición {year}"}],
    )
    sections = [r for r in read_seed("report_sections") if r["edition_id"] == first["edition_id"]]
    append(seeds_dir / "report_sections.csv", [{**r, "edition_id": NEW_EDITION} for r in sections])
    return expected


def append(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerows(rows)


IGNORED = shutil.ignore_patterns(
    ".venv", ".git", "data", "warehouse", "reports", "target", "logs", "uncommitted",
    "__pycache__", ".pytest_cache", ".ruff_cache", "*.duckdb", "*.wal", "node_modules",
)  # fmt: skip


def test_a_new_edition_is_only_data(tmp_path, demo_dir):
    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT, project, ignore=IGNORED)
    # The Data Docs' installed assets (thousands of files) are shared, not copied.
    (project / NODE_MODULES.relative_to(PROJECT_ROOT)).symlink_to(NODE_MODULES)
    expected = new_edition_seeds(project / "dbt_project" / "seeds", demo_dir)
    assert any(expected.values()), "the next year's demo log has deliveries"
    env = {
        **os.environ,
        **instance_env(tmp_path / "instance"),
        "HUASCO_DEMO_DIR": str(demo_dir),
        "PYTHONPATH": str(project),
    }
    subprocess.run(
        [str(BIN / "dbt"), "parse", "--quiet", "--profiles-dir", ".", "--project-dir", "."],
        cwd=project / "dbt_project",
        env=env,
        check=True,
        timeout=300,
    )
    completed = subprocess.run(
        [str(BIN / "dagster"), "job", "execute", "-m", "orchestration.definitions",
         "-j", "nightly_refresh"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-4000:]
    warehouse = tmp_path / "instance" / "warehouse" / "huasco.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select check_id, status, computed_value from audit.reconciliation
            where check_kind = 'cifra' and edition_id = ?
            """,
            [NEW_EDITION],
        ).fetchall()
        first_edition = dict(
            con.execute(
                "select check_id, status from audit.reconciliation "
                "where check_kind = 'cifra' and edition_id <> ?",
                [NEW_EDITION],
            ).fetchall()
        )
    assert {check_id: value for check_id, _, value in rows} == expected
    assert {status for _, status, _ in rows} == {"match"}
    for edition in editions():
        statuses = expected_statuses(edition["edition_id"])
        assert {f: s for f, (s, _) in statuses.items()} == {
            f: s for f, s in first_edition.items() if f in statuses
        }
