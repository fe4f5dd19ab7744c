"""HUASCO_ENGINE=spark: what comes back from Spark into the build file, and a full first build."""

from __future__ import annotations

from orchestration.defs.dbt import built_tables, engine_fingerprint


def node(resource_type: str, schema: str, alias: str, materialized: str) -> dict:
    return {
        "resource_type": resource_type,
        "schema": schema,
        "alias": alias,
        "config": {"materialized": materialized},
    }


def test_the_tables_and_seeds_built_come_back_not_the_views_tests_or_failures() -> None:
    manifest = {
        "nodes": {
            "model.huasco.mart": node("model", "marts", "mart", "table"),
            "model.huasco.stg": node("model", "staging", "stg", "view"),
            "model.huasco.broken": node("model", "marts", "broken", "table"),
            "seed.huasco.comunas": node("seed", "reference", "comunas", "seed"),
            "test.huasco.unique_mart": node("test", "test_failures", "unique_mart", "test"),
        }
    }
    run_results = {
        "results": [
            {"unique_id": "model.huasco.mart", "status": "success"},
            {"unique_id": "model.huasco.stg", "status": "success"},
            {"unique_id": "model.huasco.broken", "status": "error"},
            {"unique_id": "seed.huasco.comunas", "status": "success"},
            {"unique_id": "test.huasco.unique_mart", "status": "pass"},
        ]
    }

    assert built_tables(run_results, manifest) == [("marts", "mart"), ("reference", "comunas")]


def test_switching_engine_changes_the_fingerprint_and_duckdb_keeps_its_own() -> None:
    from ingestion.incremental import code_fingerprint

    assert engine_fingerprint("duckdb") == code_fingerprint()
    assert engine_fingerprint("spark") != engine_fingerprint("duckdb")
    assert engine_fingerprint("spark") == engine_fingerprint("spark")
