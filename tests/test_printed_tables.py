"""Each printed table of each edition comes out of its mart: the printed rows, in the printed
order, with the values the reconciliation computes. Marts hold every province and year; an
edition's table is the selection of its province and year."""

from __future__ import annotations

import json

import pytest

from orchestration.defs.resources import dbt_project
from tests.conftest import editions, published_table, read_seed

pytestmark = pytest.mark.e2e


def printed_marts() -> dict[str, str]:
    """table_id -> the mart that reproduces it (dbt meta `printed_table`)."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    return {
        node["config"]["meta"]["printed_table"]: node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and "printed_table" in node["config"].get("meta", {})
    }


def edition_tables() -> list[tuple[dict, str]]:
    tables = sorted({row["table_id"] for row in read_seed("published_figures")} - {"texto"})
    return [
        (edition, table_id)
        for edition in editions()
        for table_id in tables
        if published_table(table_id, edition["edition_id"])
    ]


@pytest.mark.parametrize(
    ("edition", "table_id"),
    edition_tables(),
    ids=lambda value: value["edition_id"] if isinstance(value, dict) else value,
)
def test_the_mart_has_the_printed_rows_and_the_computed_values(published, edition, table_id):
    mart = printed_marts()[table_id]
    cells = published_table(table_id, edition["edition_id"])
    printed = sorted({(int(cell["row_order"]), cell["row_label"]) for cell in cells})
    relation = published.execute(
        f"select * from marts.{mart} where cut_provincia = ? and anio = ? and orden is not null "
        "order by orden",
        [edition["cut_provincia"], int(edition["anio"])],
    )
    names = [column[0] for column in relation.description]
    rows = [dict(zip(names, values, strict=True)) for values in relation.fetchall()]
    label_column = next(
        (name for name in names if [row[name] for row in rows] == [label for _, label in printed]),
        None,
    )
    assert label_column, f"no column of marts.{mart} reads the printed rows {printed}: {rows}"
    assert [row["orden"] for row in rows] == [order for order, _ in printed]
    computed = dict(
        published.execute(
            "select figure_id, computed_value from audit.computed_figures where edition_id = ?",
            [edition["edition_id"]],
        ).fetchall()
    )
    by_label = {row[label_column]: row for row in rows}
    for cell in cells:
        value = by_label[cell["row_label"]][cell["column_key"]]
        assert value == pytest.approx(computed[cell["figure_id"]]), cell["figure_id"]


def test_every_printed_table_has_its_mart():
    tables = {row["table_id"] for row in read_seed("published_figures")} - {"texto"}
    assert tables <= set(printed_marts())


@pytest.mark.parametrize("edition", editions(), ids=lambda edition: edition["edition_id"])
def test_the_comunas_add_up_to_the_province(published, edition):
    """The analysts' per-comuna mart uses the report's definitions: the comunas of an
    edition's province and year sum to its computed figures."""
    computed = dict(
        published.execute(
            "select figure_id, computed_value from audit.computed_figures where edition_id = ?",
            [edition["edition_id"]],
        ).fetchall()
    )
    sums = published.execute(
        """
        select sum(cajas_alimentos), sum(delitos_stop), sum(solicitudes_orasmi),
            sum(monto_orasmi), sum(emergencias), sum(organizaciones_fondes), sum(monto_fondes)
        from marts.comunas_indicadores where cut_provincia = ? and anio = ?
        """,
        [edition["cut_provincia"], int(edition["anio"])],
    ).fetchone()
    assert sums == (
        computed["alimentos__texto__cajas_mercaderia"],
        computed["seguridad_publica__stop_delitos__total__cantidad"],
        computed["orasmi__texto__solicitudes"],
        computed["orasmi__texto__monto"],
        computed["emergencias__texto__emergencias"],
        computed["fondes__texto__organizaciones_beneficiadas"],
        computed["fondes__texto__monto_total"],
    )
