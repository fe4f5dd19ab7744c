"""The refresh keeps the raw layer as Parquet (ingestion/lake.py) in step, before dbt runs."""

from __future__ import annotations

import duckdb

from ingestion import lake


def test_the_lake_holds_what_raw_holds_after_the_refresh(refreshed, published) -> None:
    lake_dir = refreshed["root"] / "warehouse" / "lake"
    tables = lake.partitioned_tables(published)
    assert len(tables) > 15  # every source table and the quarantine
    with duckdb.connect() as reader:
        for table, load_column in tables.items():
            in_raw = published.execute(
                f'select "{load_column}", count(*) from raw."{table}" group by all order by all'
            ).fetchall()
            glob = lake.table_dir(lake_dir, table) / "*" / lake.DATA_FILE
            in_lake = (
                reader.execute(
                    f"select \"{load_column}\", count(*) from read_parquet('{glob}', "
                    f"hive_partitioning = true, hive_types = {{'{load_column}': varchar}}) "
                    "group by all order by all"
                ).fetchall()
                if in_raw
                else []
            )
            assert in_lake == in_raw, table
        log = lake.table_dir(lake_dir, lake.LOAD_LOG_TABLE) / lake.DATA_FILE
        assert (
            reader.execute("select * from read_parquet(?) order by load_id", [str(log)]).fetchall()
            == published.execute("select * from raw.extract_loads order by load_id").fetchall()
        )


def test_the_lake_step_is_in_the_run_history_before_dbt(published) -> None:
    steps = [
        step
        for (step,) in published.execute(
            "select step from audit.refresh_steps order by started_at"
        ).fetchall()
    ]
    assert "lake__raw" in steps
    assert steps.index("lake__raw") < steps.index("huasco_dbt_models")
    assert all(steps.index("lake__raw") > i for i, s in enumerate(steps) if s.startswith("raw__"))
