"""The providers' contract page says what the code enforces."""

from __future__ import annotations

from ingestion.settings import PROJECT_ROOT
from ingestion.sources import CONTRACTS, contracts_page


def test_the_contracts_page_is_generated_from_the_contracts():
    page = (PROJECT_ROOT / "docs" / "contratos.md").read_text(encoding="utf-8")
    assert page == contracts_page(), "regenerate: python -m ingestion.sources > docs/contratos.md"


def test_every_column_of_every_contract_is_described():
    for contract in CONTRACTS.values():
        assert contract.invalid_row_rules, contract.source
        for column in contract.columns:
            assert column.description and column.example, f"{contract.source}.{column.header}"
