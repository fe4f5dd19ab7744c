"""The dbt project stays portable to Spark (docs: /work/shared/reference/portable-sql.md).

Two checks, each proven to fail on a planted model:
- the project's SQL holds none of the DuckDB-only forms of the portable-SQL guide (a scan of the
  sources, Jinja removed; the body of a `duckdb__` dispatched macro is exempt);
- the SQL rendered for the `spark` target parses in sqlfluff's `sparksql` dialect (needs the
  `spark` extra: dbt-spark renders it; skipped without it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlfluff.core import FluffConfig, Linter

from ingestion.settings import PROJECT_ROOT
from tests.conftest import run_dbt

DBT_PROJECT = PROJECT_ROOT / "dbt_project"
SQL_FOLDERS = ("models", "macros", "tests", "analyses")

# (what the guide says to write instead, pattern) on SQL with Jinja, comments and string
# literals removed.
DUCKDB_ONLY_FORMS = [
    ("cast(x as {{ dbt.type_string() }}), not ::", re.compile(r"::")),
    ("{{ dbt.type_string() }}, not varchar/text", re.compile(r"\bas\s+(varchar|text)\b", re.I)),
    ("a dispatched date macro, not strptime/strftime", re.compile(r"\b(try_)?str[pf]time\s*\(")),
    ("{{ dbt.datediff() }}, not date_diff/datediff", re.compile(r"\bdate_?diff\s*\(", re.I)),
    ("current_date, not today()", re.compile(r"\btoday\s*\(", re.I)),
    ("regexp_extract(...) <> '', not regexp_matches", re.compile(r"\bregexp_matches\b", re.I)),
    ("floor(a / b), not //", re.compile(r"//")),
    ("{{ dbt.array_construct() }}, not list/struct literals", re.compile(r"[\[\]{}]")),
    ("a dispatched macro, not unnest/list()", re.compile(r"\b(unnest|list|list_\w+)\s*\(", re.I)),
    ("the listed columns, not * exclude/replace", re.compile(r"\*\s*(exclude|replace)\b", re.I)),
    ("row_number() or qualify, not distinct on", re.compile(r"\bdistinct\s+on\b", re.I)),
    ("explicit columns, not union by name", re.compile(r"\bunion\s+(all\s+)?by\s+name\b", re.I)),
    ("a source, not read_csv/read_parquet", re.compile(r"\bread_(csv|parquet|json)\w*\s*\(")),
    ('unquoted snake_case names, not "quoted" ones', re.compile(r'"')),
    ("|| with coalesce, not concat() (null differs)", re.compile(r"\bconcat\s*\(", re.I)),
]
BACKSLASH_IN_LITERAL = "[0-9], not \\d: Spark processes backslash escapes in literals"

DUCKDB_MACRO = re.compile(
    r"{%-?\s*macro\s+duckdb__.*?{%-?\s*endmacro\s*-?%}", re.DOTALL | re.IGNORECASE
)
JINJA = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.DOTALL)
STRING = re.compile(r"'(?:[^']|'')*'")
LINE_COMMENT = re.compile(r"--[^\n]*")
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _blank(match: re.Match) -> str:
    """Removed text keeps its newlines, so line numbers stay true."""
    return re.sub(r"[^\n]", " ", match.group(0))


def duckdb_only_forms(project: Path) -> list[str]:
    """`file:line: <form> (write <portable form>)` for every DuckDB-only form in the project."""
    findings = []
    for folder in SQL_FOLDERS:
        for path in sorted((project / folder).rglob("*.sql")):
            sql = DUCKDB_MACRO.sub(_blank, path.read_text(encoding="utf-8"))
            sql = JINJA.sub(_blank, sql)
            sql = BLOCK_COMMENT.sub(_blank, LINE_COMMENT.sub(_blank, sql))
            for literal in STRING.finditer(sql):
                if "\\" in literal.group(0):
                    findings.append(_finding(project, path, sql, literal, BACKSLASH_IN_LITERAL))
            code = STRING.sub(_blank, sql)
            for portable, pattern in DUCKDB_ONLY_FORMS:
                for match in pattern.finditer(code):
                    findings.append(_finding(project, path, code, match, f"write {portable}"))
    return findings


def _finding(project: Path, path: Path, text: str, match: re.Match, advice: str) -> str:
    line = text.count("\n", 0, match.start()) + 1
    return f"{path.relative_to(project)}:{line}: {match.group(0).strip()!r} ({advice})"


def unparsable_as_spark_sql(compiled: Path) -> list[str]:
    """`file: error` for every compiled SQL file sqlfluff's sparksql dialect cannot parse."""
    linter = Linter(config=FluffConfig(overrides={"dialect": "sparksql", "templater": "raw"}))
    problems = []
    for path in sorted(compiled.rglob("*.sql")):
        parsed = linter.parse_string(path.read_text(encoding="utf-8"), fname=str(path))
        problems += [f"{path.relative_to(compiled)}: {error.desc()}" for error in parsed.violations]
    return problems


# Planted in a copy of the project: each must fail its check.
NOT_PORTABLE_MODELS = {
    # Parses in sparksql, does not run on Spark: only the scan finds it.
    "stg_not_portable__dates.sql": (
        "select strptime(fecha, '%d/%m/%Y') as fecha_entrega\n"
        "from {{ source('alimentos', 'entregas') }}\n"
    ),
    # Spark cannot parse it: both checks find it.
    "stg_not_portable__exclude.sql": (
        "select * exclude (folio)\nfrom {{ source('alimentos', 'entregas') }}\n"
    ),
}


@pytest.fixture(scope="module")
def planted_project(tmp_path_factory) -> Path:
    """A copy of the dbt project with the non-portable models added."""
    project = tmp_path_factory.mktemp("portable") / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs"))
    for name, sql in NOT_PORTABLE_MODELS.items():
        (project / "models" / "staging" / name).write_text(sql, encoding="utf-8")
    return project


def test_the_project_holds_no_duckdb_only_form():
    assert duckdb_only_forms(DBT_PROJECT) == []


def test_a_duckdb_only_form_is_found_with_its_line(planted_project):
    findings = duckdb_only_forms(planted_project)
    assert findings == [
        "models/staging/stg_not_portable__dates.sql:1: 'strptime(' "
        "(write a dispatched date macro, not strptime/strftime)",
        "models/staging/stg_not_portable__exclude.sql:1: '* exclude' "
        "(write the listed columns, not * exclude/replace)",
    ]


@pytest.fixture(scope="module")
def compiled_for_spark(planted_project) -> Path:
    """The planted project's models, analyses and SQL tests rendered for the spark target
    (no Spark started: nothing is run and the relation cache is not read)."""
    pytest.importorskip("dbt.adapters.spark", reason="the spark extra is not installed")
    pytest.importorskip("pyspark", reason="the spark extra is not installed")
    work = planted_project.parent
    completed = run_dbt(
        ["compile", "--target", "spark", "--no-populate-cache", "--quiet",
         "--indirect-selection", "empty", "--select",
         "resource_type:model", "resource_type:analysis", "test_type:singular"],
        work / "unused.duckdb",
        work,
        env={"HUASCO_SPARK_DIR": str(work / "spark")},
        project_dir=planted_project,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert not (work / "spark").exists(), "compiling started Spark"
    return work / "target" / "compiled" / "huasco"


def test_the_project_parses_as_spark_sql_and_a_duckdb_form_does_not(compiled_for_spark):
    problems = unparsable_as_spark_sql(compiled_for_spark)
    failing = {problem.split(":")[0] for problem in problems}
    assert failing == {"models/staging/stg_not_portable__exclude.sql"}, "\n".join(problems)
