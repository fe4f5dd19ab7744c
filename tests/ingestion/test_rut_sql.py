"""The set-wise RUT rules in SQL give exactly the pseudonyms of ingestion.rut."""

from __future__ import annotations

import random

import duckdb
import pyarrow as pa
import pytest

from ingestion.rut import (
    check_digit,
    format_rut,
    normalize_rut,
    pseudonym_parameters,
    pseudonymise,
    pseudonyms_sql,
)


def texts() -> list[str]:
    generator = random.Random(20201)
    alphabet = "0123456789.-kK \t\u00a0\u2003\u200bx"
    noise = ["".join(generator.choices(alphabet, k=generator.randint(0, 14))) for _ in range(4000)]
    bodies = generator.sample(range(1, 99_999_999), 1500)
    valid = [
        form
        for body in bodies
        for form in (
            format_rut(body),
            f"{body}-{check_digit(body)}".lower(),
            f"00{body}{check_digit(body)}",
            f" {format_rut(body)}\u00a0",
            f"{body}-{'0' if check_digit(body) == 'K' else 'K'}",  # wrong check digit
        )
    ]
    return [*noise, *valid, "0-0", "", "-", "1.2345-6", "12.345.678--5", "١٢٣-4"]


@pytest.mark.parametrize("key", ["clave-de-prueba", "ñandú", "k" * 100])
def test_sql_pseudonyms_equal_the_python_ones(key: str) -> None:
    values = texts()
    con = duckdb.connect()
    con.register("candidates", pa.table({"value": values}))

    found = dict(
        con.execute(
            pseudonyms_sql("select distinct value from candidates"), pseudonym_parameters(key)
        ).fetchall()
    )

    expected = {
        value: pseudonymise(normalized, key)
        for value in set(values)
        if (normalized := normalize_rut(value)) is not None
    }
    assert found == expected
    assert len(expected) > 3000  # valid and invalid forms both present
