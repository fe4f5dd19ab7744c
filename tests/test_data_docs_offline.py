"""The Data Docs load their styles and scripts from copies beside them, never from a CDN."""

from __future__ import annotations

import pytest

from expectations.data_docs import CDN_FILES, NODE_MODULES, external_loads, make_self_contained

pytestmark = pytest.mark.skipif(
    not NODE_MODULES.is_dir(), reason="run `make data-docs-assets` (make test does)"
)


def page(links: str) -> str:
    return f"<html><head>{links}</head><body><a href='https://greatexpectations.io'>GX</a></body></html>"


def test_every_cdn_address_is_rewritten_to_a_local_copy(tmp_path):
    docs = tmp_path / "data_docs"
    nested = docs / "validations" / "suite" / "run"
    nested.mkdir(parents=True)
    links = "".join(
        f'<script src="{address}"></script>' if address.endswith(("js", "@5", "@6"))
        else f'<link rel="stylesheet" href="{address}">'
        for address in CDN_FILES
    )  # fmt: skip
    logo = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1"
    (docs / "index.html").write_text(page(links + f'<img src="{logo}">'), encoding="utf-8")
    (nested / "page.html").write_text(page(links), encoding="utf-8")
    (docs / "static" / "styles").mkdir(parents=True)
    (docs / "static" / "styles" / "docs.css").write_text(
        "a { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
        "full_logo_dark.png') }",
        encoding="utf-8",
    )
    (docs / "static" / "images").mkdir()
    (docs / "static" / "images" / "logo-long.png").write_bytes(b"png")

    rewritten = make_self_contained(docs)

    assert len(rewritten) == 3
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert external_loads(index) == []
    assert 'src="static/vendor/jquery/dist/jquery.min.js"' in index
    assert 'src="static/images/logo-long.png"' in index
    assert "https://greatexpectations.io" in index  # a link to follow, not something loaded
    deep = (nested / "page.html").read_text(encoding="utf-8")
    assert 'href="../../../static/vendor/bootstrap/dist/css/bootstrap.min.css"' in deep
    assert "url('../images/logo-long.png')" in (docs / "static/styles/docs.css").read_text("utf-8")
    for relative in CDN_FILES.values():
        assert (docs / "static" / "vendor" / relative).is_file()
    assert any((docs / "static/vendor/@fortawesome/fontawesome-free/webfonts").iterdir())


def test_an_asset_nobody_installed_is_an_error_naming_the_page(tmp_path):
    docs = tmp_path / "data_docs"
    docs.mkdir()
    (docs / "index.html").write_text(
        page('<script src="https://cdn.example.org/new-library.js"></script>'), encoding="utf-8"
    )
    with pytest.raises(RuntimeError, match=r"index\.html.*https://cdn\.example\.org/new-library"):
        make_self_contained(docs)
