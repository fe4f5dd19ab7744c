"""The auditors' page renders in a real headless browser and shows every published figure."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest

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


def rendered_dom(page, tmp_path) -> str:
    completed = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def published_figure_ids() -> list[tuple[str, str]]:
    """(edition, figure) for every published figure of every edition."""
    return [(row["edition_id"], row["figure_id"]) for row in read_seed("published_figures")]


def test_the_page_shows_every_published_figure_of_every_edition(refreshed, tmp_path):
    dom = rendered_dom(refreshed["reports"] / "reconciliation.html", tmp_path)
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


def test_sections_without_figures_are_listed(refreshed, tmp_path):
    dom = rendered_dom(refreshed["reports"] / "reconciliation.html", tmp_path)
    for section in read_seed("report_sections"):
        assert f'id="{section["edition_id"]}-{section["section"]}"' in dom
        assert section["titulo"] in dom


def test_the_page_carries_its_csv_twin(refreshed):
    with (refreshed["reports"] / "reconciliation.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["status"] for row in rows} <= {"match", "mismatch", "explained", "not_computed"}
    figures = {(row["edition_id"], row["check_id"]) for row in rows if row["check_kind"] == "cifra"}
    assert figures == set(published_figure_ids())
