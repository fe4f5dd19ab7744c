"""An extract's identity is its configured location: same-named files in different folders
both count, a location removed from the configuration stops counting at the next refresh,
configured real extracts leave no demo rows behind, and a record dated today is welcome."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from tests.conftest import (
    FOOD_FILE,
    editions,
    published_table,
    read_rows,
    run_refresh,
    write_rows,
)

pytestmark = pytest.mark.e2e


def printed_boxes() -> float:
    [edition] = editions()
    return sum(
        float(c["value"])
        for c in published_table("alimentos_entregas", edition["edition_id"])
        if c["is_total"] == "true"
    )


def counted_boxes(con) -> float:
    [edition] = editions()
    return con.execute(
        """
        select sum(primera_entrega + segunda_entrega + tercera_entrega)
        from marts.alimentos_entregas_por_comuna
        where is_total and cut_provincia = ? and anio = ?
        """,
        [edition["cut_provincia"], int(edition["anio"])],
    ).fetchone()[0]


def test_locations_not_file_names_identify_extracts(
    monkeypatch, tmp_path, demo_dir, published_instance
):
    header, rows = read_rows(demo_dir / FOOD_FILE)
    column = {name: index for index, name in enumerate(header)}
    today = list(rows[0])
    today[column["FECHA ENTREGA"]] = date.today().strftime("%d/%m/%Y")
    today[column["FOLIO"]] = "1"
    half = len(rows) // 2
    # The same file name in two folders: a split of the log, plus a record dated today.
    first = write_rows(tmp_path / "oficina_a" / FOOD_FILE.name, header, rows[:half])
    second = write_rows(tmp_path / "oficina_b" / FOOD_FILE.name, header, [*rows[half:], today])
    warehouse = published_instance / "warehouse" / "huasco.duckdb"

    both = run_refresh(monkeypatch, published_instance, demo_dir, f"{first};{second}")

    assert both.success, "two same-named files, and a record dated today, load"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert counted_boxes(con) == printed_boxes()
        loads = con.execute(
            """
            select location, is_demo from raw.extract_loads
            where source = 'alimentos_entregas' and retired_at is null
            """
        ).fetchall()
        assert sorted(loads) == sorted([(str(first), False), (str(second), False)])
        demo_rows = con.execute(
            """
            select count(*) from raw.alimentos_entregas as rows
            inner join raw.extract_loads as loads on rows._load_id = loads.load_id
            where loads.is_demo
            """
        ).fetchone()[0]
        assert demo_rows == 0, "demo rows never stay once real locations are configured"
        dated_today = con.execute(
            "select count(*) from raw.alimentos_entregas where fecha_entrega = current_date"
        ).fetchone()[0]
        assert dated_today == 1

    only_first = run_refresh(monkeypatch, published_instance, demo_dir, first)

    assert only_first.success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        files = con.execute(
            """
            select distinct loads.location from raw.alimentos_entregas as rows
            inner join raw.extract_loads as loads on rows._load_id = loads.load_id
            """
        ).fetchall()
        assert files == [(str(first),)], "a removed location stops counting"
        assert counted_boxes(con) < printed_boxes()
        history = con.execute(
            "select count(*) from raw.extract_loads where location = ? and retired_at is not null",
            [str(second)],
        ).fetchone()[0]
        assert history == 1, "its history stays in the load log"
