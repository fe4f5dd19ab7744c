"""Print every source contract as Markdown: `python -m ingestion.sources > contratos.md`."""

from ingestion.contracts import render_markdown
from ingestion.sources import CONTRACTS

print("# Contratos de las fuentes\n")
print("\n".join(render_markdown(contract) for contract in CONTRACTS.values()))
