"""Print every source contract as Markdown: `python -m ingestion.sources > docs/contratos.md`."""

from ingestion.sources import contracts_page

print(contracts_page(), end="")
