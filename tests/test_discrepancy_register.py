"""The discrepancy register explains a known difference, and only while it stays the same."""

from __future__ import annotations

import pandas as pd

from expectations.reconciliation import apply_register

REGISTER = pd.DataFrame(
    [
        {
            "edition_id": "una_edicion",
            "check_id": "stop_subtotal_violentos",
            "expected_difference": -3.0,
            "explanation": "El informe imprime 474; sus filas suman 471.",
            "accepted_by": "Auditoría interna",
            "accepted_on": "2021-05-10",
        }
    ]
)


def checks(difference: float) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "edition_id": "una_edicion",
                "check_id": "stop_subtotal_violentos",
                "published_value": 474.0,
                "computed_value": 474.0 + difference,
                "difference": difference,
                "status": "mismatch",
                "explanation": None,
            },
            {
                "edition_id": "una_edicion",
                "check_id": "alimentos_total_primera",
                "published_value": 11600.0,
                "computed_value": 11599.0,
                "difference": -1.0,
                "status": "mismatch",
                "explanation": None,
            },
        ]
    )


def test_a_registered_difference_is_explained():
    rows = apply_register(checks(-3.0), REGISTER).set_index("check_id")

    assert rows.at["stop_subtotal_violentos", "status"] == "explained"
    assert "sus filas suman 471" in rows.at["stop_subtotal_violentos", "explanation"]
    assert "Auditoría interna" in rows.at["stop_subtotal_violentos", "explanation"]
    assert rows.at["alimentos_total_primera", "status"] == "mismatch"


def test_a_changed_difference_returns_to_mismatch_and_says_why():
    rows = apply_register(checks(-4.0), REGISTER).set_index("check_id")

    assert rows.at["stop_subtotal_violentos", "status"] == "mismatch"
    assert "-3" in rows.at["stop_subtotal_violentos", "explanation"]
    assert "-4" in rows.at["stop_subtotal_violentos", "explanation"]


def test_a_match_stays_a_match_whatever_the_register_says():
    matching = checks(0.0)
    matching.loc[0, "status"] = "match"

    rows = apply_register(matching, REGISTER).set_index("check_id")

    assert rows.at["stop_subtotal_violentos", "status"] == "match"


def test_the_register_applies_to_its_edition_only():
    other_edition = checks(-3.0)
    other_edition["edition_id"] = "otra_edicion"

    rows = apply_register(other_edition, REGISTER).set_index("check_id")

    assert rows.at["stop_subtotal_violentos", "status"] == "mismatch"
