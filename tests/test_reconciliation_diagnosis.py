"""The reconciliation says when a figure's mismatch is the report contradicting itself."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.reconciliation import FIGURE, IDENTITY, diagnose, format_number


def check(check_id, kind, published, computed, status, figure_id=None, label="", decimals=0):
    return {
        "edition_id": "ed",
        "check_id": check_id,
        "check_kind": kind,
        "figure_id": figure_id or check_id,
        "label": label,
        "unit": "cases",
        "decimals": decimals,
        "published_value": published,
        "computed_value": computed,
        "status": status,
    }


def member(identity_id, role, figure_id, table_id="cuadro", title="Delitos", operation="sum"):
    return {
        "edition_id": "ed",
        "identity_id": identity_id,
        "operation": operation,
        "role": role,
        "figure_id": figure_id,
        "table_id": table_id,
        "table_title": title,
    }


def diagnoses(rows: list[dict], members: list[dict]) -> dict[str, str | None]:
    frame = pd.DataFrame(rows)
    result = diagnose(frame, pd.DataFrame(members))
    return dict(zip(frame["check_id"], result, strict=True))


# A printed subtotal of 474 whose printed rows add up to 471, which the records give too.
SUBTOTAL = [
    check("violentos", FIGURE, 474, 471, "mismatch"),
    check("robos", FIGURE, 300, 300, "match"),
    check("lesiones", FIGURE, 171, 171, "match"),
    check("suma_violentos", IDENTITY, 474, 471, "mismatch", figure_id="violentos"),
]
SUBTOTAL_MEMBERS = [
    member("suma_violentos", "total", "violentos"),
    member("suma_violentos", "part", "robos"),
    member("suma_violentos", "part", "lesiones"),
]


def test_a_misprinted_total_is_diagnosed_from_its_printed_rows():
    found = diagnoses(SUBTOTAL, SUBTOTAL_MEMBERS)
    assert found["violentos"] == (
        "el informe no cuadra consigo mismo: sus filas suman 471, imprime 474"
    )
    assert found["robos"] is None and found["lesiones"] is None
    assert found["suma_violentos"] is None  # the identity itself is the evidence, not a figure


def test_numbers_are_printed_in_the_chilean_format_and_parts_from_elsewhere_are_named():
    rows = [
        check("monto_texto", FIGURE, 16497755, 16492224, "mismatch"),
        check("salud", FIGURE, 10000000, 10000000, "match"),
        check("vivienda", FIGURE, 6492224, 6492224, "match"),
        check("monto_areas", IDENTITY, 16497755, 16492224, "mismatch", figure_id="monto_texto"),
    ]
    members = [
        member("monto_areas", "total", "monto_texto", table_id="texto", title=None),
        member("monto_areas", "part", "salud", title="Ayudas por área"),
        member("monto_areas", "part", "vivienda", title="Ayudas por área"),
    ]
    assert diagnoses(rows, members)["monto_texto"] == (
        "el informe no cuadra consigo mismo: las cifras del cuadro «Ayudas por área» suman "
        "16.492.224, imprime 16.497.755"
    )


def test_a_misprinted_part_is_diagnosed_when_the_computed_value_balances_the_total():
    rows = [
        check("total", FIGURE, 471, 471, "match"),
        check("robos", FIGURE, 303, 300, "mismatch"),
        check("lesiones", FIGURE, 171, 171, "match"),
        check("suma", IDENTITY, 471, 474, "mismatch", figure_id="total"),
    ]
    members = [
        member("suma", "total", "total"),
        member("suma", "part", "robos"),
        member("suma", "part", "lesiones"),
    ]
    assert diagnoses(rows, members)["robos"] == (
        "el informe no cuadra consigo mismo: sus partes suman 474 y el total impreso es 471; "
        "con 300 en esta cifra, la calculada, cuadraría"
    )


@pytest.mark.parametrize(
    ("computed", "identity_status"),
    [
        (460, "mismatch"),  # the records give neither the printed total nor its rows' sum
        (471, "match"),  # the report agrees with itself: the records differ, not the report
    ],
)
def test_no_diagnosis_without_a_failing_identity_that_explains_the_difference(
    computed, identity_status
):
    rows = [dict(row) for row in SUBTOTAL]
    rows[0]["computed_value"] = computed
    rows[3]["status"] = identity_status
    assert diagnoses(rows, SUBTOTAL_MEMBERS)["violentos"] is None


@pytest.mark.e2e
def test_the_session_warehouse_stores_the_diagnosis_of_each_self_contradiction(published):
    rows = published.execute(
        """
        select figure.check_id, figure.diagnosis
        from audit.reconciliation as figure
        where figure.check_kind = 'cifra' and figure.status in ('mismatch', 'explained')
            and figure.run_id = (select max(run_id) from audit.reconciliation)
        """
    ).fetchall()
    diagnosed = {check_id: diagnosis for check_id, diagnosis in rows if diagnosis}
    # Every failing identity whose parts give what the warehouse computes for its total
    # diagnoses that total, and no figure is diagnosed without one.
    expected = published.execute(
        """
        select figure.check_id, identity.computed_value, identity.published_value
        from audit.reconciliation as identity
        inner join audit.reconciliation as figure
            on identity.run_id = figure.run_id and identity.edition_id = figure.edition_id
            and identity.figure_id = figure.check_id and figure.check_kind = 'cifra'
        where identity.check_kind = 'identidad' and identity.status = 'mismatch'
            and figure.status in ('mismatch', 'explained')
            and figure.computed_value = identity.computed_value
            and identity.run_id = (select max(run_id) from audit.reconciliation)
        """
    ).fetchall()
    assert expected, "the demo report contradicts itself (STOP, ORASMI): identities must fail"
    for check_id, parts_give, printed in expected:
        assert check_id in diagnosed
        assert diagnosed[check_id].startswith("el informe no cuadra consigo mismo: ")
        assert diagnosed[check_id].endswith(
            f"suman {format_number(parts_give, 0)}, imprime {format_number(printed, 0)}"
        )
