"""Landing that cannot hang, be tricked or leak: deadline, pin, secrets, roots, retention."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingestion import landing
from ingestion.landing import (
    DownloadDeadlineExceeded,
    LandingError,
    current_landings,
    land,
    purge,
    redact_location,
)
from ingestion.settings import SourceConfig

SOURCE = "alimentos_entregas"
CONTENT = "FOLIO;COMUNA\r\n1;Chañaral\r\n2;Vallenar\r\n".encode("cp1252")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remote(url: str, **changes) -> SourceConfig:
    return dataclasses.replace(SourceConfig(SOURCE, (url,), is_demo=False), **changes)


def files_under(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file()) if directory.exists() else []


def manifest_text(landing_dir: Path) -> str:
    path = landing_dir / SOURCE / "manifest.jsonl"
    return path.read_text(encoding="utf-8") if path.exists() else ""


# A total deadline, even against a server that trickles


class _Trickle(BaseHTTPRequestHandler):
    """Sends one byte every 0.2 s (never a read timeout, never done): of the body after
    announcing 1 kB, or of the headers themselves on /cabeceras."""

    def do_GET(self) -> None:
        self.server.hits += 1
        if self.path == "/cabeceras":
            head = b"HTTP/1.1 200 OK\r\nX-Relleno: " + b"x" * 1000
            self.wfile.write(head[:16])
            rest = head[16:]
        else:
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            rest = b"x" * 1000
        try:
            for byte in rest:
                if self.server.stopping:
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def trickling_server(http_server):  # http_server: loopback without proxies, no backoff
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    server.hits = 0
    server.stopping = False
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.stopping = True
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.mark.parametrize("path", ["/datos/entregas.csv", "/cabeceras"])
def test_a_trickling_server_is_abandoned_at_the_deadline(trickling_server, tmp_path, path):
    host, port = trickling_server.server_address[:2]
    config = remote(f"http://{host}:{port}{path}", download_deadline_s=1.0)

    started = time.monotonic()
    with pytest.raises(DownloadDeadlineExceeded, match=r"within 1 s.*HUASCO_DOWNLOAD_DEADLINE_S"):
        land(config, tmp_path / "landing")
    elapsed = time.monotonic() - started

    assert elapsed < 3, f"the deadline is 1 s, the landing took {elapsed:.1f} s"
    assert trickling_server.hits == 1, "a deadline is not retried"
    assert files_under(tmp_path / "landing") == [], "no .partial-* file stays behind"


def test_a_partial_file_left_by_a_killed_landing_is_removed(http_server, tmp_path) -> None:
    http_server.serve("/e.csv", http_server.Reply(body=CONTENT))
    stale = tmp_path / "landing" / SOURCE / ".partial-abc123"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"a medias")

    [landed] = land(remote(http_server.url("/e.csv")), tmp_path / "landing")

    assert not stale.exists()
    assert files_under(tmp_path / "landing") == sorted(
        [Path(landed.path), tmp_path / "landing" / SOURCE / "manifest.jsonl"]
    )


# The pin is checked whatever the server answers


def conditional(http_server, path: str, body: bytes) -> None:
    def respond(request, _index):
        if request.headers.get("If-None-Match") == '"v1"':
            return http_server.Reply(status=304)
        return http_server.Reply(body=body, headers={"ETag": '"v1"'})

    http_server.serve_with(path, respond)


def test_a_304_does_not_skip_the_pin(http_server, tmp_path) -> None:
    conditional(http_server, "/e.csv", CONTENT)
    config = remote(http_server.url("/e.csv"))
    land(config, tmp_path / "landing")
    pinned = dataclasses.replace(config, expected_sha256={"e.csv": "0" * 64})

    with pytest.raises(LandingError, match=r"does not match the configured 0{64}.*304"):
        land(pinned, tmp_path / "landing")

    assert http_server.requests[1].headers.get("If-None-Match") == '"v1"'
    assert [
        json.loads(line)["status"] for line in manifest_text(tmp_path / "landing").splitlines()
    ] == ["new"]
    right_pin = dataclasses.replace(config, expected_sha256={"e.csv": sha256(CONTENT)})
    assert land(right_pin, tmp_path / "landing")[0].status == "unchanged"


def test_a_304_for_a_landed_copy_changed_on_disk_is_refused(http_server, tmp_path) -> None:
    conditional(http_server, "/e.csv", CONTENT)
    config = remote(http_server.url("/e.csv"))
    [landed] = land(config, tmp_path / "landing")
    Path(landed.path).write_bytes(CONTENT + b"3;Inventada\r\n")

    with pytest.raises(LandingError, match="changed on disk"):
        land(config, tmp_path / "landing")


def test_a_304_without_a_landed_copy_is_a_landing_error(http_server, tmp_path) -> None:
    http_server.serve("/e.csv", http_server.Reply(status=304))

    with pytest.raises(LandingError, match="304 to a request that was not conditional"):
        land(remote(http_server.url("/e.csv")), tmp_path / "landing")


# Secrets in URLs


def test_a_token_in_the_url_is_used_but_never_stored(http_server, tmp_path) -> None:
    http_server.serve("/e.csv?formato=csv&token=s3cr3t-abc", http_server.Reply(body=CONTENT))
    config = remote(http_server.url("/e.csv?formato=csv&token=s3cr3t-abc"))

    [first] = land(config, tmp_path / "landing")
    [second] = land(config, tmp_path / "landing")

    assert http_server.requests[0].path == "/e.csv?formato=csv&token=s3cr3t-abc"
    assert "s3cr3t" not in first.location
    assert first.location.startswith(http_server.url("/e.csv?formato=csv&token=REDACTADO-"))
    assert second.location == first.location, "the redacted location is the extract's identity"
    assert second.status == "unchanged"
    assert "s3cr3t" not in manifest_text(tmp_path / "landing")
    assert list(current_landings(tmp_path / "landing" / SOURCE)) == [first.location]


def test_a_manifest_written_before_redaction_still_finds_its_landing(http_server, tmp_path):
    conditional(http_server, "/e.csv?token=s3cr3t-abc", CONTENT)
    url = http_server.url("/e.csv?token=s3cr3t-abc")
    [landed] = land(remote(url), tmp_path / "landing")
    manifest = tmp_path / "landing" / SOURCE / "manifest.jsonl"
    manifest.write_text(manifest.read_text().replace(landed.location, url))  # the old way

    [again] = land(remote(url), tmp_path / "landing")

    assert again.status == "unchanged"
    assert http_server.requests[1].headers.get("If-None-Match") == '"v1"'
    assert again.location == landed.location
    assert "s3cr3t" not in manifest.read_text().splitlines()[-1]


def test_redaction_is_stable_and_keeps_urls_apart() -> None:
    one = redact_location("https://portal.cl/e.csv?apikey=uno&anio=2020")
    assert one == redact_location("https://portal.cl/e.csv?apikey=uno&anio=2020")
    assert one != redact_location("https://portal.cl/e.csv?apikey=dos&anio=2020")
    assert "uno" not in one and one.endswith("&anio=2020")
    signed = redact_location("https://s3.cl/e.csv?X-Amz-Signature=abcdef&X-Amz-Expires=60")
    assert "abcdef" not in signed and "X-Amz-Expires=60" in signed
    with_user = redact_location("https://ana:clave-secreta@portal.cl/e.csv")
    assert with_user.startswith("https://ana:REDACTADO-") and "clave-secreta" not in with_user
    for unchanged in ("/datos/e.csv", "https://portal.cl/e.csv?anio=2020", "ckan://p.cl/d/r"):
        assert redact_location(unchanged) == unchanged
    assert redact_location(one) == one
    assert redact_location(with_user) == with_user


def test_error_messages_do_not_carry_the_secret(http_server, tmp_path) -> None:
    http_server.serve("/e.csv?access_token=s3cr3t-abc", http_server.Reply(status=404))
    with pytest.raises(LandingError) as not_found:
        land(remote(http_server.url("/e.csv?access_token=s3cr3t-abc")), tmp_path / "landing")
    url = http_server.url("/e.csv?access_token=s3cr3t-abc")
    http_server.stop()
    with pytest.raises(LandingError) as unreachable:
        land(remote(url), tmp_path / "landing")

    for error in (not_found.value, unreachable.value):
        assert "s3cr3t" not in str(error)
        assert "REDACTADO-" in str(error)
        assert (error.__cause__ is None and error.__suppress_context__) or error.__context__ is None
    assert "HTTP 404" in str(not_found.value)
    assert "gave up after 4 attempts" in str(unreachable.value)


# Only http(s), CKAN and the configured local roots


@pytest.fixture
def roots(tmp_path) -> Path:
    root = tmp_path / "extractos"
    root.mkdir()
    (root / "e.csv").write_bytes(CONTENT)
    return root


def local(location: str, root: Path) -> SourceConfig:
    return SourceConfig(SOURCE, (location,), is_demo=False, local_roots=(str(root),))


@pytest.mark.parametrize(
    "location",
    ["/etc/passwd", "{root}/../../../../etc/passwd", "{root}/../fuera.csv", "file:///etc/passwd"],
)
def test_locations_outside_the_roots_are_refused(location, roots, tmp_path) -> None:
    (tmp_path / "fuera.csv").write_bytes(CONTENT)
    location = location.format(root=roots)

    with pytest.raises(LandingError) as error:
        land(local(location, roots), tmp_path / "landing")

    assert location in str(error.value)
    assert manifest_text(tmp_path / "landing") == ""


def test_a_symlink_leading_out_of_the_roots_is_refused(roots, tmp_path) -> None:
    (tmp_path / "secreto.csv").write_bytes(CONTENT)
    (roots / "enlace.csv").symlink_to(tmp_path / "secreto.csv")

    with pytest.raises(LandingError, match=r"enlace\.csv: outside the folders"):
        land(local(str(roots / "enlace.csv"), roots), tmp_path / "landing")


def test_a_file_inside_the_roots_lands(roots, tmp_path) -> None:
    [landed] = land(local(str(roots / "sub" / ".." / "e.csv"), roots), tmp_path / "landing")

    assert Path(landed.path).read_bytes() == CONTENT


# Personal data at rest


def test_landed_files_are_private_to_the_pipeline(roots, tmp_path) -> None:
    [landed] = land(local(str(roots / "e.csv"), roots), tmp_path / "landing")

    path = Path(landed.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((path.parent.parent / "manifest.jsonl").stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent, tmp_path / "landing"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_purge_removes_old_landings_but_keeps_the_current_one(roots, tmp_path) -> None:
    landing_dir = tmp_path / "landing"
    config = local(str(roots / "e.csv"), roots)
    [old] = land(config, landing_dir)
    (roots / "e.csv").write_bytes(CONTENT + b"3;Huasco\r\n")
    [current] = land(config, landing_dir)
    history = manifest_text(landing_dir)

    assert purge(landing_dir, {SOURCE: config}, retention_days=90) == []  # nothing old yet
    later = datetime.now(UTC) + timedelta(days=91)
    removed = purge(landing_dir, {SOURCE: config}, retention_days=90, now=later)

    assert removed == [Path(old.path)]
    assert not Path(old.path).parent.exists()
    assert Path(current.path).exists(), "the current landing is what the next load reads"
    assert manifest_text(landing_dir) == history


def test_purge_command_uses_the_retention_setting(roots, tmp_path, monkeypatch, capsys) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[sources.{SOURCE}]\nlocations = ["{roots}/e.csv"]\n', encoding="utf-8")
    monkeypatch.setenv("HUASCO_SOURCES_FILE", str(sources))
    monkeypatch.setenv("HUASCO_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("HUASCO_LOCAL_ROOTS", str(roots))
    stray = tmp_path / "landing" / "fuente_retirada" / ("0" * 64) / "viejo.csv"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(CONTENT)
    long_ago = time.time() - 10 * 86400
    os.utime(stray, (long_ago, long_ago))
    monkeypatch.setenv("HUASCO_LANDING_RETENTION_DAYS", "30")
    assert landing.main(["purge"]) == 0
    assert stray.exists()

    monkeypatch.setenv("HUASCO_LANDING_RETENTION_DAYS", "7")
    assert landing.main(["purge"]) == 0

    assert not stray.exists()
    assert "1 archivo(s)" in capsys.readouterr().out
