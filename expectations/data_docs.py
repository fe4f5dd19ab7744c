"""Data Docs that open without internet.

Great Expectations renders its Data Docs with styles and scripts loaded from public CDNs
(Bootstrap, bootstrap-table, Font Awesome, Vega, jQuery…) and its logo from a public bucket;
on a closed network they render unstyled and their validation tables stay empty. The same
files, at the same versions, are installed from the npm registry at build time
(`expectations/data_docs_assets/package.json` and its lock file, `make data-docs-assets`);
`make_self_contained` copies them next to the Data Docs and points every page at them.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

ASSETS_DIR = Path(__file__).parent / "data_docs_assets"
NODE_MODULES = ASSETS_DIR / "node_modules"
VENDOR_DIR = Path("static") / "vendor"
# Each address the Data Docs load -> the file of the npm package (in node_modules) that holds
# the same bytes (the CDN serves the package file; the bare `vega@5` addresses serve the
# package's `jsdelivr` entry).
CDN_FILES = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap/dist/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap/dist/js/bootstrap.min.js",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "@forevolve/bootstrap-dark/dist/css/bootstrap-prefers-dark.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        "bootstrap-table/dist/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        "bootstrap-table/dist/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.js",
    # GX asks for the stylesheet of the previous patch release; 1.19.1 ships the same rules.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table/dist/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        "@fortawesome/fontawesome-free/css/all.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker/dist/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker/dist/js/bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        "popper.js/dist/umd/popper.min.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/build/vega.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega-lite/build/vega-lite.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega-embed/build/vega-embed.min.js",
}  # fmt: skip
# Folders a copied stylesheet refers to by relative path (Font Awesome's ../webfonts/).
CDN_FOLDERS = ("@fortawesome/fontawesome-free/webfonts",)
# GX's logos on its public bucket -> the logo it ships in the Data Docs' own static folder.
LOGO = re.compile(
    r"https://great-expectations-web-assets\.s3[\w.-]*\.amazonaws\.com/[\w.-]+\.png(\?[^\"')\s]*)?"
)
LOCAL_LOGO = Path("static") / "images" / "logo-long.png"
# What a page loads (as opposed to links a reader may follow): script and image sources,
# stylesheets, CSS url().
LOADED = re.compile(
    r"""<(?:script|img|iframe|source)\b[^>]*\bsrc=["']?(?P<src>[^"'\s>]+)"""
    r"""|<link\b[^>]*\bhref=["']?(?P<href>[^"'\s>]+)"""
    r"""|url\(\s*["']?(?P<url>[^"')\s]+)""",
    re.IGNORECASE,
)


class DataDocsAssetsMissing(RuntimeError):
    """The npm assets were not installed."""


def make_self_contained(data_docs_dir: Path) -> list[Path]:
    """Copy the CDN assets into `data_docs_dir/static/vendor/` and rewrite every page and
    stylesheet to load them (and the logo) from there. Returns the pages rewritten; raises if
    any page still loads something from outside the folder."""
    vendor = data_docs_dir / VENDOR_DIR
    for relative in [*CDN_FILES.values(), *CDN_FOLDERS]:
        source = NODE_MODULES / relative
        if not source.exists():
            raise DataDocsAssetsMissing(
                f"falta {source}: instale los archivos de las Data Docs con "
                "`make data-docs-assets` (npm ci en expectations/data_docs_assets)"
            )
        target = vendor / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)
    rewritten = []
    for page in sorted([*data_docs_dir.rglob("*.html"), *data_docs_dir.rglob("*.css")]):
        if vendor in page.parents:
            continue
        text = page.read_text(encoding="utf-8")
        local = _rewrite(text, page.parent, data_docs_dir)
        if local != text:
            page.write_text(local, encoding="utf-8")
            rewritten.append(page)
        outside = external_loads(local)
        if outside:
            raise RuntimeError(
                f"{page}: las Data Docs cargan archivos de internet: {', '.join(outside)}"
            )
    return rewritten


def _rewrite(text: str, page_dir: Path, data_docs_dir: Path) -> str:
    def local(path: Path) -> str:
        return Path(os.path.relpath(data_docs_dir / path, page_dir)).as_posix()

    # Longest first, so that no address is replaced inside a longer one.
    for address in sorted(CDN_FILES, key=len, reverse=True):
        text = re.sub(
            re.escape(address) + r"(?![\w./@-])",
            local(VENDOR_DIR / CDN_FILES[address]),
            text,
        )
    return LOGO.sub(local(LOCAL_LOGO), text)


def external_loads(html: str) -> list[str]:
    """Addresses outside the machine that a page or stylesheet loads."""
    found = []
    for match in LOADED.finditer(html):
        address = match.group("src") or match.group("href") or match.group("url")
        if re.match(r"(https?:)?//", address, re.IGNORECASE):
            found.append(address)
    return sorted(set(found))
