"""The dbt source YAML of the raw tables, generated from the contracts (ingestion/sources/).

A raw table's columns, their descriptions and types, its freshness and its `loaded_at_query`
are the contract's; only the dbt names and the prose about each source and table are written
by hand, and they stay where they are: the generator reads them from the current
`models/staging/**/_<source>__sources.yml` and rewrites everything else. A contract without a
source table yet gets a new file `models/staging/<source>/_<source>__sources.yml`, named and
described from the contract (edit the prose, then generate again).

    python -m ingestion.dbt_sources            # write the files
    python -m ingestion.dbt_sources --check    # exit 1 naming the files out of step

`tests/ingestion/test_dbt_sources.py` fails when the committed YAML is out of step.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingestion.contracts import Contract, Kind
from ingestion.freshness import dbt_freshness, dbt_loaded_at_query
from ingestion.loading import LINEAGE_COLUMNS, SQL_TYPES
from ingestion.settings import PROJECT_ROOT
from ingestion.sources import CONTRACTS

STAGING_DIR = PROJECT_ROOT / "dbt_project" / "models" / "staging"
LINE_LENGTH = 100
# The lineage columns every raw table has, described once in models/_column_docs.md.
LINEAGE_DOCS = {
    "_load_id": "load_id",
    "_file_name": "source_file_name",
    "_sha256": "source_sha256",
    "_sheet": "source_sheet",
    "_line_number": "source_line_number",
}
# DuckDB's type names as both DuckDB and Spark spell them: a column's `data_type` is what the
# raw table (and so its Parquet files in the lake) holds, and Spark declares the lake's
# tables with it (macros/spark_sources.sql) rather than inferring it from files there may not be.
PORTABLE_TYPES = {"varchar": "string", "timestamptz": "timestamp"}
GENERATED_NOTE = (
    "# Generated from the contracts in ingestion/sources/ by `python -m ingestion.dbt_sources`:\n"
    "# edit the contracts (or the source and table descriptions here), then generate again.\n"
)


@dataclass
class TableEntry:
    name: str
    description: str
    contract: Contract


@dataclass
class SourceEntry:
    name: str
    description: str
    tables: list[TableEntry] = field(default_factory=list)


def source_files(staging_dir: Path = STAGING_DIR) -> list[Path]:
    return sorted(staging_dir.rglob("_*__sources.yml"))


def layout(staging_dir: Path = STAGING_DIR) -> dict[Path, list[SourceEntry]]:
    """Each sources file with its sources and tables, as they are today (contract tables
    only), plus a new file for each contract that has no table yet."""
    by_raw_table = {contract.raw_table: contract for contract in CONTRACTS.values()}
    files: dict[Path, list[SourceEntry]] = {}
    placed = set()
    for path in source_files(staging_dir):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = []
        for source in document.get("sources", []):
            if source.get("schema") != "raw":
                continue
            entry = SourceEntry(source["name"], _prose(source.get("description")))
            for table in source.get("tables", []):
                contract = by_raw_table.get(table.get("identifier", table["name"]))
                if contract is None:
                    continue
                entry.tables.append(
                    TableEntry(table["name"], _prose(table.get("description")), contract)
                )
                placed.add(contract.raw_table)
            if entry.tables:
                entries.append(entry)
        if entries:
            files[path] = entries
    for contract in CONTRACTS.values():
        if contract.raw_table not in placed:
            path = staging_dir / contract.source / f"_{contract.source}__sources.yml"
            files.setdefault(path, []).append(
                SourceEntry(
                    contract.source,
                    f"{contract.title}, cargado según `ingestion/sources/{contract.source}.py`.",
                    [TableEntry(contract.raw_table, contract.title + ".", contract)],
                )
            )
    return files


def render(sources: list[SourceEntry]) -> str:
    lines = [GENERATED_NOTE.rstrip("\n"), "version: 2", "", "sources:"]
    for number, source in enumerate(sources):
        if number:
            lines.append("")
        lines.append(f"  - name: {source.name}")
        lines += _description(source.description, indent=4)
        lines += ["    schema: raw", "    tables:"]
        for index, table in enumerate(source.tables):
            if index:
                lines.append("")
            lines += _table(table)
    return "\n".join(lines) + "\n"


def _table(table: TableEntry) -> list[str]:
    contract = table.contract
    freshness = dbt_freshness(contract)["warn_after"]
    where = dbt_loaded_at_query(contract).split(" where ", 1)
    lines = [f"      - name: {table.name}"]
    if table.name != contract.raw_table:
        lines.append(f"        identifier: {contract.raw_table}")
    lines += _description(table.description, indent=8)
    lines += [
        "        meta:",
        "          dagster:",
        f'            asset_key: ["raw", "{contract.raw_table}"]',
        "        config:",
        "          # The contract's cadence (ingestion/freshness.py)",
        "          freshness:",
        f"            warn_after: {{count: {freshness['count']}, period: {freshness['period']}}}",
        "          loaded_at_query: >-",
        f"            {where[0]}",
        f"            where {where[1]}",
        "        columns:",
    ]
    for name, description, data_type in raw_columns(contract):
        lines.append(f"          - name: {name}")
        lines += _description(description, indent=12)
        lines.append(f"            data_type: {data_type}")
    return lines


def raw_columns(contract: Contract) -> list[tuple[str, str, str]]:
    """(column, description, portable type) of the contract's raw table, in its order, lineage
    last."""
    columns = []
    for column in contract.loaded_columns:
        description = column.description
        if column.kind is Kind.RUT:
            description = f"Seudónimo (HMAC-SHA256) del {description[0].lower()}{description[1:]}"
            description = description.replace("del rUT", "del RUT")
        columns.append((column.loaded_name, description, portable_type(SQL_TYPES[column.kind])))
    columns += [
        (name, f"{{{{ doc('{LINEAGE_DOCS[name]}') }}}}", portable_type(sql_type))
        for name, sql_type in LINEAGE_COLUMNS.items()
    ]
    return columns


def portable_type(sql_type: str) -> str:
    """`VARCHAR`, `timestamptz not null`, ... as the type name DuckDB and Spark both accept."""
    name = sql_type.split()[0].lower()
    return PORTABLE_TYPES.get(name, name)


def _prose(text: str | None) -> str:
    return " ".join((text or "").split())


def _description(text: str, indent: int) -> list[str]:
    """`description: text` on one line when it fits and reads back the same, else folded."""
    pad = " " * indent
    inline = f"{pad}description: {_scalar(text)}"
    if len(inline) <= LINE_LENGTH:
        return [inline]
    wrapped = textwrap.wrap(
        text, width=LINE_LENGTH - indent - 2, break_long_words=False, break_on_hyphens=False
    )
    return [f"{pad}description: >", *(f"{pad}  {line}" for line in wrapped)]


def _scalar(text: str) -> str:
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rendered(staging_dir: Path = STAGING_DIR) -> dict[Path, str]:
    return {path: render(sources) for path, sources in layout(staging_dir).items()}


def out_of_step(staging_dir: Path = STAGING_DIR) -> list[Path]:
    return [
        path
        for path, text in rendered(staging_dir).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files out of step")
    args = parser.parse_args(argv)
    stale = out_of_step()
    if args.check:
        for path in stale:
            print(
                f"{path.relative_to(PROJECT_ROOT)}: no coincide con los contratos", file=sys.stderr
            )
        return 1 if stale else 0
    for path, text in rendered().items():
        if path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"escrito {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
