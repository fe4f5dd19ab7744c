"""The auditors' page renders in a real headless browser and shows every published figure."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess

import duckdb
import pandas as pd
import pytest

from expectations.data_docs import external_loads
from expectations.reconciliation import ReconciliationOutcome, format_number
from expectations.report import write_report
from tests.conftest import editions, read_seed

pytestmark = pytest.mark.e2e

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed here (apt-get install chromium); CI runs this")
    return path


def published_figure_ids() -> list[tuple[str, str]]:
    """(edition, figure) for every published figure of every edition."""
    return [(row["edition_id"], row["figure_id"]) for row in read_seed("published_figures")]


def test_the_page_shows_every_published_figure_of_every_edition(page_dom):
    dom = page_dom
    missing = [
        (edition_id, figure_id)
        for edition_id, figure_id in published_figure_ids()
        if f'id="{edition_id}-{figure_id}"' not in dom
    ]
    assert missing == []
    for edition in editions():
        assert f'id="{edition["edition_id"]}"' in dom
    assert "DATOS DE DEMOSTRACIÓN" in dom
    assert "Extractos usados" in dom


def test_sections_without_figures_are_listed(page_dom):
    dom = page_dom
    for section in read_seed("report_sections"):
        assert f'id="{section["edition_id"]}-{section["section"]}"' in dom
        assert section["titulo"] in dom


def test_the_page_carries_its_csv_twin(refreshed):
    with (refreshed["reports"] / "reconciliation.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["status"] for row in rows} <= {"match", "mismatch", "explained", "not_computed"}
    figures = {(row["edition_id"], row["check_id"]) for row in rows if row["check_kind"] == "cifra"}
    assert figures == set(published_figure_ids())


# The page that leads with the answer, the rebuilt report and the Data Docs, read as an auditor
# reads them: rendered by Chromium, on a machine whose network it may not use.

LATEST_RUN = "(select max(run_id) from audit.reconciliation)"


def rendered(page, tmp_path, net_log=None) -> str:
    """The DOM after scripts ran; with `net_log`, every request Chromium made is logged there.
    Any host name resolves to nothing, so a request outside the machine cannot succeed."""
    return rendered_at(page.as_uri(), tmp_path, net_log)


def rendered_at(url: str, tmp_path, net_log=None) -> str:
    extra = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]
    if net_log is not None:
        extra.append(f"--log-net-log={net_log}")
    completed = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, *extra, f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=3000", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


@pytest.fixture(scope="module")
def page_dom(refreshed, tmp_path_factory) -> str:
    """The session's published reconciliation page, rendered once for the tests that read it."""
    return rendered(refreshed["reports"] / "reconciliation.html", tmp_path_factory.mktemp("page"))


def requested_urls(net_log) -> set[str]:
    """The addresses the page asked for over the network. Chromium's own service requests
    (updates, accounts) have no origin; a page's requests have its origin ("null" for a file).
    File loads of the page's own folder never reach the network log."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return {
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        and event.get("params", {}).get("initiator", "not an origin") != "not an origin"
    }


def rebuilt_reports(reports) -> dict[str, object]:
    """edition_id -> its rebuilt report (named by the edition's year)."""
    return {
        edition["edition_id"]: reports / f"cuenta_publica_{edition['anio']}.html"
        for edition in editions()
    }


def latest_rows(published) -> list[dict]:
    cursor = published.execute(
        f"select * from audit.reconciliation where run_id = {LATEST_RUN} order by check_id"
    )
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_the_summary_counts_are_those_of_audit_reconciliation(page_dom, published):
    dom = page_dom
    shown = {}
    for edition_id, table in re.findall(
        r'<table class="summary" data-edition="([^"]+)">(.*?)</table>', dom, re.S
    ):
        for section, cells in re.findall(r'<tr data-section="([^"]+)">(.*?)</tr>', table, re.S):
            for kind, count in re.findall(r'data-count="(\w+)">(\d+)<', cells):
                shown[(edition_id, section, kind)] = int(count)
    expected = {}
    for row in latest_rows(published):
        if row["check_kind"] != "cifra":
            continue
        for kind in ("figures", row["status"]):
            key = (row["edition_id"], row["section"], kind)
            expected[key] = expected.get(key, 0) + 1
    assert {key: count for key, count in shown.items() if count} == expected
    assert "<svg" in dom and 'class="plot"' in dom


def test_every_difference_comes_before_the_first_matching_row(page_dom, published):
    dom = page_dom
    first_match = dom.index('<tr class="match"')
    pending = [row for row in latest_rows(published) if row["status"] != "match"]
    assert any(row["status"] == "mismatch" for row in pending)
    for row in pending:
        position = dom.find(f'data-check="{row["edition_id"]}-{row["check_id"]}"')
        assert 0 <= position < first_match, row["check_id"]
        if row["diagnosis"]:
            assert html.escape(row["diagnosis"], quote=False) in dom[position:first_match]


def test_the_full_list_filters_by_section_and_status_in_the_browser(refreshed, published, tmp_path):
    page = refreshed["reports"] / "reconciliation.html"
    rows = latest_rows(published)
    mismatched = {row["section"] for row in rows if row["status"] == "mismatch"}
    section = f"{rows[0]['edition_id']}-{sorted(mismatched)[0]}"
    dom = rendered_at(f"{page.as_uri()}?seccion={section}&estado=mismatch", tmp_path)
    shown = re.findall(
        r'<tr class="(\w+)" id="[^"]+" data-section="([^"]+)"[^>]*?(hidden="")?>', dom
    )
    visible = {(status, in_section) for status, in_section, hidden in shown if not hidden}
    assert visible == {("mismatch", section)}
    assert len(shown) == len(rows)  # every row is on the page, the others hidden


def test_the_recompute_sql_runs_as_printed_on_the_published_warehouse(page_dom, published):
    dom = page_dom
    computed = {
        (row["edition_id"], row["check_id"]): row["computed_value"]
        for row in latest_rows(published)
        if row["check_kind"] == "cifra"
    }
    printed = [
        html.unescape(sql) for sql in re.findall(r'<pre class="recompute">(.*?)</pre>', dom, re.S)
    ]
    assert printed
    for sql in printed:
        edition_id, figure_id = re.search(
            r"edition_id = '([^']+)' and figure_id = '([^']+)'", sql
        ).groups()
        value, rows = published.execute(sql).fetchone()
        assert rows > 0
        assert value == pytest.approx(computed[(edition_id, figure_id)]), figure_id
    # Each sample row names the extract version it came from by its full checksum.
    assert re.search(r'<code class="sha">[0-9a-f]{64}</code>', dom)


def test_the_rebuilt_report_prints_every_figure_as_the_warehouse_computes_it(
    refreshed, published, tmp_path
):
    rows = {(row["edition_id"], row["check_id"]): row for row in latest_rows(published)}
    for edition_id, page in rebuilt_reports(refreshed["reports"]).items():
        dom = rendered(page, tmp_path)
        numbers = dict(
            re.findall(
                r'<a class="cifra \w+" id="[^"]+" data-figure="([^"]+)"[^>]*>([^<]*)</a>', dom
            )
        )
        for figure in read_seed("published_figures"):
            if figure["edition_id"] != edition_id:
                continue
            row = rows[(edition_id, figure["figure_id"])]
            value = row["computed_value"]
            if value is None:
                value = row["published_value"]
            expected = format_number(value, int(figure["decimals"]))
            assert numbers.get(figure["figure_id"]) == expected, figure["figure_id"]
        for section in read_seed("report_sections"):
            if section["edition_id"] == edition_id:
                assert html.escape(section["titulo"], quote=False) in dom
        assert "@media print" in page.read_text(encoding="utf-8")


def test_every_link_of_both_pages_resolves(refreshed, tmp_path):
    reports = refreshed["reports"]
    pages = [reports / "reconciliation.html", *rebuilt_reports(reports).values()]
    ids = {page.name: set(re.findall(r'\bid="([^"]+)"', page.read_text("utf-8"))) for page in pages}
    for page in pages:
        for link in re.findall(r'\bhref="([^"]+)"', page.read_text(encoding="utf-8")):
            target, _, fragment = html.unescape(link).partition("#")
            assert not re.match(r"\w+:", target), f"{page.name} links outside: {link}"
            path = reports / target if target else page
            assert path.is_file(), f"{page.name}: {link}"
            if fragment:
                assert fragment in ids.get(path.name, set()), f"{page.name}: {link}"


def test_no_page_requests_anything_outside_the_machine(refreshed, tmp_path):
    reports = refreshed["reports"]
    data_docs = reports / "data_docs"
    validation = next((data_docs / "validations").rglob("*.html"))
    pages = [
        reports / "reconciliation.html",
        *rebuilt_reports(reports).values(),
        data_docs / "index.html",
        validation,
    ]
    for number, page in enumerate(pages):
        net_log = tmp_path / f"net{number}.json"
        dom = rendered(page, tmp_path, net_log)
        assert requested_urls(net_log) == set(), page
        assert external_loads(page.read_text(encoding="utf-8")) == [], page
        if page.is_relative_to(data_docs):
            # Styled and scripted from the local copies: bootstrap-table built its tables.
            assert "fixed-table-body" in dom, page


def test_the_network_log_sees_a_page_that_loads_from_outside(tmp_path):
    """The check above can fail: a page loading a CDN script is caught."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><script src="https://cdn.example.org/library.js"></script>',
        encoding="utf-8",
    )
    net_log = tmp_path / "net.json"
    rendered(page, tmp_path, net_log)
    assert requested_urls(net_log) == {"https://cdn.example.org/library.js"}
    assert external_loads(page.read_text(encoding="utf-8")) == [
        "https://cdn.example.org/library.js"
    ]


def test_text_from_the_data_is_escaped_and_history_shows_new_mismatches(refreshed, tmp_path):
    """A `<script>` in a printed label, a comuna or a file name renders as text; a figure
    that matched in the previous run and does not now is marked as new."""
    copy = tmp_path / "huasco.duckdb"
    shutil.copyfile(refreshed["published"], copy)
    con = duckdb.connect(str(copy))
    payload = '<script>document.title="inyectado"</script>'
    (run_id,) = con.execute(f"select {LATEST_RUN}").fetchone()
    table_figure, text_figure = [
        con.execute(
            f"select figure_id from audit.published_figures where table_id {test} 'texto' "
            "order by figure_id limit 1"
        ).fetchone()[0]
        for test in ("<>", "=")
    ]
    con.execute(
        "update audit.published_figures set row_label = ? || row_label where figure_id in (?, ?)",
        [payload, table_figure, text_figure],
    )
    con.execute("update audit.reconciliation set label = ? || label", [payload])
    con.execute(
        "update audit.figure_lineage set source_file_name = ? || source_file_name", [payload]
    )
    con.execute("update raw.extract_loads set file_name = ? || file_name", [payload])
    # An earlier run where every check matched.
    con.execute(
        "insert into audit.reconciliation select * replace ('00000000T000000000000Z' as run_id, "
        "'match' as status) from audit.reconciliation where run_id = ?",
        [run_id],
    )
    reports = tmp_path / "reports"
    outcome = ReconciliationOutcome(run_id, pd.DataFrame(), str(reports / "data_docs/index.html"))
    files = write_report(con, outcome, reports, is_demo=True)
    con.close()
    for page in [files.html, *files.rebuilt]:
        dom = rendered(page, tmp_path)
        assert "&lt;script&gt;document.title" in dom, page.name
        assert "<script>document.title" not in dom, page.name
        assert "<title>inyectado</title>" not in dom, page.name
    dom = rendered(files.html, tmp_path)
    assert '<span class="new">nueva</span>' in dom
    assert 'title="00000000T000000000000Z: coincide"' in dom


def test_the_page_lists_recent_refreshes_and_stale_sources(refreshed, tmp_path):
    """The auditors see the last refreshes (a failed one marked) and every source whose newest
    extract is older than its contract's cadence allows."""
    copy = tmp_path / "huasco.duckdb"
    shutil.copyfile(refreshed["published"], copy)
    con = duckdb.connect(str(copy))
    (run_id,) = con.execute(f"select {LATEST_RUN}").fetchone()
    con.execute(
        "insert into audit.refresh_runs by name select 'corrida-fallida' as run_id, "
        "'fallido' as outcome, now() - interval 1 day as started_at, 12.5 as duration_s, "
        "'raw__stop_casos' as failed_step"
    )
    (late_source,) = con.execute(
        "select source from raw.extract_loads where retired_at is null order by source limit 1"
    ).fetchone()
    con.execute(
        "update raw.extract_loads set loaded_at = loaded_at - interval 1000 day where source = ?",
        [late_source],
    )
    recorded = con.execute("select count(*) from audit.refresh_runs").fetchone()[0]
    reports = tmp_path / "reports"
    outcome = ReconciliationOutcome(run_id, pd.DataFrame(), str(reports / "data_docs/index.html"))
    page = write_report(con, outcome, reports, is_demo=True).html.read_text(encoding="utf-8")
    con.close()
    section = page[page.index('<section id="operacion">') : page.index('<section id="cifras">')]
    assert f"(`{late_source}`)" in section
    assert "Todas las fuentes tienen" not in section
    assert section.count("<tr data-run=") == min(recorded, 10)
    failed_row = section[section.index('data-run="corrida-fallida"') :].split("</tr>")[0]
    assert "fallido (raw__stop_casos)" in failed_row
