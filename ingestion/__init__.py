"""Plain-Python ingestion: land source extracts untouched, then load them into DuckDB.

Nothing in this package imports Dagster; `orchestration/` wires it into assets.
"""
