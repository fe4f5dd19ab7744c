"""The auditors' page renders in a real headless browser and shows every published figure."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest

from ingestion.settings import PROJECT_ROOT

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


def published_figure_ids() -> list[str]:
    path = PROJECT_ROOT / "dbt_project" / "seeds" / "published_figures.csv"
    with path.open(encoding="utf-8") as handle:
        return [row["figure_id"] for row in csv.DictReader(handle)]


def test_the_page_shows_every_published_figure(refreshed, tmp_path):
    dom = rendered_dom(refreshed["reports"] / "reconciliation.html", tmp_path)
    missing = [figure_id for figure_id in published_figure_ids() if f'id="{figure_id}"' not in dom]
    assert missing == []
    assert "DATOS DE DEMOSTRACIÓN" in dom
    assert "Extractos usados" in dom


def test_the_page_carries_its_csv_twin(refreshed):
    with (refreshed["reports"] / "reconciliation.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["status"] for row in rows} <= {"match", "mismatch", "explained", "not_computed"}
    figures = {row["check_id"] for row in rows if row["check_kind"] == "cifra"}
    assert figures == set(published_figure_ids())
