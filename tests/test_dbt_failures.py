"""A failing dbt test is reported with the source rows behind it and the rules they break."""

from __future__ import annotations

import duckdb

from expectations.dbt_failures import failed_tests_message

RUN_RESULTS = {
    "results": [
        {
            "unique_id": "test.huasco.row_rules_stg_x",
            "status": "fail",
            "message": "Got 1 result, configured to fail if != 0",
        },
        {"unique_id": "model.huasco.stg_x", "status": "success", "message": None},
    ]
}
MANIFEST = {
    "nodes": {
        "test.huasco.row_rules_stg_x": {
            "name": "row_rules_stg_x",
            "resource_type": "test",
            "relation_name": '"test_failures"."row_rules_stg_x"',
        }
    }
}


def test_a_failing_row_names_its_file_line_and_broken_rules():
    con = duckdb.connect()
    con.execute("create schema test_failures")
    con.execute(
        """
        create view test_failures.row_rules_stg_x as
        select
            'sexo no es F, M; cut_comuna sin valor' as reglas_incumplidas,
            'X' as sexo,
            null as cut_comuna,
            'entregas_2020.csv' as source_file_name,
            12 as source_line_number
        """
    )

    message = failed_tests_message(RUN_RESULTS, MANIFEST, con)

    assert message == (
        "Pruebas de dbt que no pasan:\n"
        "row_rules_stg_x: Got 1 result, configured to fail if != 0\n"
        "  - archivo entregas_2020.csv, línea 12: "
        "incumple sexo no es F, M; cut_comuna sin valor; sexo=X, cut_comuna=None"
    )


def test_a_test_without_stored_rows_still_names_the_test():
    message = failed_tests_message(RUN_RESULTS, MANIFEST, duckdb.connect())

    assert "row_rules_stg_x: Got 1 result" in message
    assert "(filas no disponibles:" in message
