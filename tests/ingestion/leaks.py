"""Looking for personal data in a whole DuckDB database, so that only a real leak matches."""

from __future__ import annotations

import re

import duckdb

Connection = duckdb.DuckDBPyConnection

# Hex identifiers and hashes (load ids, checksums, pseudonyms) may contain any digit run;
# they are removed before looking for personal data so that only a real leak can match.
HEX_TOKEN = re.compile(r"\b[0-9a-f]{32}\b|\b[0-9a-f]{64}\b")


def personal_data_found(con: Connection, forbidden: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, word) for every forbidden word found as a whole token in any text."""
    patterns = {
        word: re.compile(rf"(?<![0-9A-Za-z]){re.escape(word)}(?![0-9A-Za-z])", re.IGNORECASE)
        for word in forbidden
    }
    text_columns = con.execute(
        """
        select table_schema, table_name, column_name from information_schema.columns
        where data_type = 'VARCHAR' and table_catalog = current_database()
        """,
    ).fetchall()
    found = []
    for schema, table, column in text_columns:
        for (value,) in con.execute(
            f'select distinct "{column}" from "{schema}"."{table}"'
        ).fetchall():
            text = HEX_TOKEN.sub("", value or "")
            found += [(table, column, word) for word, p in patterns.items() if p.search(text)]
    return found
