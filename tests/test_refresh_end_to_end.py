"""The refresh, end to end, on the demo extracts: the published warehouse reproduces the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingestion.contracts import Kind
from ingestion.demo import generators
from ingestion.reading import read_extract
from ingestion.sources import CONTRACTS
from tests.conftest import FOOD_FILE, editions, published_table, read_seed

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("edition", editions(), ids=lambda edition: edition["edition_id"])
def test_the_food_table_equals_the_printed_one(published, edition):
    """Section «Alimentos para Chile»: the mart, selected by the edition's province and year,
    is the printed table cell by cell (the printed values, read from the seed)."""
    printed = published_table("alimentos_entregas", edition["edition_id"])
    expected = {
        (int(cell["row_order"]), cell["row_label"], cell["column_key"]): float(cell["value"])
        for cell in printed
    }
    relation = published.execute(
        """
        select orden, comuna, primera_entrega, segunda_entrega, tercera_entrega
        from marts.alimentos_entregas_por_comuna
        where cut_provincia = ? and anio = ? order by orden
        """,
        [edition["cut_provincia"], int(edition["anio"])],
    )
    keys = [column[0] for column in relation.description][2:]
    mart = {
        (orden, comuna, key): float(value)
        for orden, comuna, *values in relation.fetchall()
        for key, value in zip(keys, values, strict=True)
    }
    assert mart == expected


@pytest.mark.parametrize("edition", editions(), ids=lambda edition: edition["edition_id"])
def test_every_food_figure_reconciles(published, edition):
    statuses = dict(
        published.execute(
            """
            select figure_id, status from audit.reconciliation
            where section = 'alimentos' and check_kind = 'cifra' and edition_id = ?
              and run_id = (select max(run_id) from audit.reconciliation)
            """,
            [edition["edition_id"]],
        ).fetchall()
    )
    expected = {
        row["figure_id"]
        for row in read_seed("published_figures")
        if row["section"] == "alimentos" and row["edition_id"] == edition["edition_id"]
    }
    assert set(statuses) == expected
    assert set(statuses.values()) == {"match"}


def test_published_figures_are_in_the_warehouse(published):
    count = published.execute("select count(*) from audit.published_figures").fetchone()[0]
    assert count > 150


def test_data_docs_are_built(refreshed):
    index = refreshed["reports"] / "data_docs" / "index.html"
    assert index.exists()
    for edition in editions():
        assert f"conciliacion_{edition['edition_id']}_alimentos" in index.read_text(
            encoding="utf-8"
        )


def test_landing_keeps_the_extract_untouched_with_its_checksum(refreshed, published):
    import hashlib

    original = (refreshed["demo"] / FOOD_FILE).read_bytes()
    landed = list((refreshed["landing"] / "alimentos_entregas").glob(f"*/{FOOD_FILE.name}"))
    assert len(landed) == 1
    assert landed[0].read_bytes() == original
    digest = hashlib.sha256(original).hexdigest()
    assert landed[0].parent.name == digest
    loads = published.execute(
        "select sha256, is_demo from raw.extract_loads "
        "where source = 'alimentos_entregas' and file_name = ?",
        [FOOD_FILE.name],
    ).fetchall()
    assert loads == [(digest, True)]


def test_the_warehouse_says_it_holds_demo_data(published):
    origin = published.execute("select origen_datos from audit.refresh_runs").fetchall()
    assert origin == [("DATOS DE DEMOSTRACIÓN",)]


def test_noise_is_classified_not_dropped(refreshed, published):
    raw_rows = published.execute(
        "select count(*) from raw.alimentos_entregas where _file_name = ?", [FOOD_FILE.name]
    ).fetchone()[0]
    quarantined = published.execute(
        "select count(*) from raw.quarantine where source = 'alimentos_entregas' and file_name = ?",
        [FOOD_FILE.name],
    ).fetchone()[0]
    reasons = dict(
        published.execute(
            """
            select coalesce(exclusion_reason, 'contada'), count(*)
            from intermediate.int_alimentos__entregas_classified
            where source_file_name = ? group by 1
            """,
            [FOOD_FILE.name],
        ).fetchall()
    )
    assert reasons["entrega registrada dos veces"] > 0
    assert sum(reasons.values()) == raw_rows
    assert quarantined > 0
    with (refreshed["demo"] / FOOD_FILE).open("rb") as handle:
        data_lines = sum(1 for _ in handle) - 1
    assert raw_rows + quarantined == data_lines


RUT_PATTERN = re.compile(r"\b\d{1,2}\.?\d{3}\.?\d{3}-[\dkK]\b")


def personal_values(demo_dir: Path) -> tuple[set[str], set[str]]:
    """Every name/address (PERSONAL) and every normalised RUT in the demo extracts."""
    texts, ruts = set(), set()
    for source, contract in CONTRACTS.items():
        personal = [c.name for c in contract.columns if c.kind is Kind.PERSONAL]
        rut_columns = [c.name for c in contract.columns if c.kind is Kind.RUT]
        for relative in generators()[source].DEMO_FILES:
            read = read_extract(demo_dir / relative, contract)
            names = [column.name for column in read.columns]
            for _, fields in read.records():
                row = dict(zip(names, fields, strict=True))
                texts.update(row[c].strip().upper() for c in personal if row[c].strip())
                ruts.update(re.sub(r"[^0-9K]", "", row[c].upper()) for c in rut_columns if row[c])
    return texts, {rut for rut in ruts if len(rut) >= 7}


def test_no_rut_or_name_reaches_the_published_warehouse(refreshed, published):
    names, ruts = personal_values(refreshed["demo"])
    assert names and ruts
    # Tables only: a view computes from tables (models never read files), so a value that is
    # in no table cannot be in a view.
    text_columns = published.execute(
        """
        select columns.table_schema, columns.table_name, columns.column_name
        from information_schema.columns as columns
        inner join information_schema.tables as tables
            on columns.table_schema = tables.table_schema
            and columns.table_name = tables.table_name
        where columns.data_type = 'VARCHAR' and tables.table_type = 'BASE TABLE'
        """
    ).fetchall()
    assert len(text_columns) > 100
    for schema, table, column in text_columns:
        values = published.execute(
            f'''select distinct "{column}" from "{schema}"."{table}" where "{column}" is not null'''
        ).fetchall()
        where = f"{schema}.{table}.{column}"
        texts = {value.strip().upper() for (value,) in values}
        assert not names & texts, f"a name or address in {where}"
        assert not any(RUT_PATTERN.search(value) for (value,) in values), (
            f"a formatted RUT in {where}"
        )
        digits = {re.sub(r"[^0-9K]", "", value.upper()) for (value,) in values}
        assert not ruts & digits, f"a RUT in {where}"
    for (line,) in published.execute("select redacted_line from raw.quarantine").fetchall():
        assert not any(name in line.upper() for name in names if len(name) > 6)


def identities_that_do_not_add_up() -> list[tuple[str, str, float, float]]:
    """Recomputed here from the seeds, independently of the models: (edition, identity,
    printed total, what its printed parts give) wherever the report contradicts itself."""
    values = {
        (row["edition_id"], row["figure_id"]): float(row["value"])
        for row in read_seed("published_figures")
    }
    identities: dict[tuple[str, str], dict] = {}
    for row in read_seed("published_identities"):
        entry = identities.setdefault(
            (row["edition_id"], row["identity_id"]), {"parts": [], "operation": row["operation"]}
        )
        value = values[(row["edition_id"], row["figure_id"])]
        if row["role"] == "total":
            entry["total"] = value
        else:
            entry["parts"].append(value)
    failing = []
    for (edition_id, identity_id), entry in sorted(identities.items()):
        derived = (
            float(len(entry["parts"])) if entry["operation"] == "count" else sum(entry["parts"])
        )
        if abs(derived - entry["total"]) > 1e-6:
            failing.append((edition_id, identity_id, entry["total"], derived))
    return failing


def test_the_report_is_checked_against_itself(published):
    failing = published.execute(
        """
        select edition_id, check_id, published_value, computed_value from audit.reconciliation
        where check_kind = 'identidad' and status = 'mismatch'
          and run_id = (select max(run_id) from audit.reconciliation)
        order by edition_id, check_id
        """
    ).fetchall()
    expected = identities_that_do_not_add_up()
    assert expected, "the 2020 report is known to contradict itself"
    assert failing == expected


def test_every_figure_has_the_source_rows_behind_it(published):
    mismatched = published.execute(
        """
        select computed.edition_id, computed.figure_id, computed.computed_value,
            sum(lineage.contribution)
        from audit.computed_figures as computed
        left join audit.figure_lineage as lineage
            on computed.edition_id = lineage.edition_id
            and computed.figure_id = lineage.figure_id
        group by all
        having coalesce(abs(sum(lineage.contribution) - computed.computed_value) > 1e-6, true)
            and computed.source_rows > 0
        """
    ).fetchall()
    assert mismatched == []
