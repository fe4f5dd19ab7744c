"""Landing extracts: local copies and HTTP downloads, content-addressed, with a manifest."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from pathlib import Path

import pytest
import requests

from ingestion import landing
from ingestion.landing import LandedExtract, LandingError, land
from ingestion.settings import SourceConfig


def land_one(config: SourceConfig, landing_dir: Path) -> LandedExtract:
    """Land a single-location source."""
    [landed] = land(config, landing_dir)
    return landed


SOURCE = "alimentos_entregas"
LAST_MODIFIED = "Mon, 01 Jun 2020 12:00:00 GMT"
CONTENT = "FOLIO;COMUNA\r\n1;Chañaral\r\n2;Vallenar\r\n".encode("cp1252")


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(landing, "BACKOFF_BASE_S", 0)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(landing_dir: Path) -> list[dict]:
    path = landing_dir / SOURCE / "manifest.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def stored_files(landing_dir: Path) -> list[Path]:
    """Every file landed for the source, besides the manifest (partials included)."""
    source_dir = landing_dir / SOURCE
    if not source_dir.exists():
        return []
    return sorted(
        p.relative_to(source_dir)
        for p in source_dir.rglob("*")
        if p.is_file() and p.name != "manifest.jsonl"
    )


def local_source(tmp_path: Path, data: bytes, name: str = "entregas_2020.csv") -> SourceConfig:
    path = tmp_path / "origen" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return SourceConfig(SOURCE, (str(path),), is_demo=False, local_roots=(str(path.parent),))


# Local files


def test_local_file_lands_with_checksum_size_and_manifest(tmp_path: Path) -> None:
    landing_dir = tmp_path / "landing"
    config = local_source(tmp_path, CONTENT)

    landed = land_one(config, landing_dir)

    digest = sha256(CONTENT)
    assert landed.status == "new"
    assert landed.sha256 == digest
    assert landed.size_bytes == len(CONTENT)
    assert landed.file_name == "entregas_2020.csv"
    assert landed.source == SOURCE
    assert landed.location == config.locations[0]
    assert landed.is_demo is False
    assert Path(landed.path) == landing_dir / SOURCE / digest / "entregas_2020.csv"
    assert Path(landed.path).read_bytes() == CONTENT
    assert stored_files(landing_dir) == [Path(digest) / "entregas_2020.csv"]
    assert manifest(landing_dir) == [dataclasses.asdict(landed)]
    assert landing.current_landings(landing_dir / SOURCE)[landed.location] == landed


def test_same_bytes_twice_are_stored_once(tmp_path: Path) -> None:
    landing_dir = tmp_path / "landing"
    config = local_source(tmp_path, CONTENT)

    first = land_one(config, landing_dir)
    second = land_one(config, landing_dir)

    assert (first.status, second.status) == ("new", "unchanged")
    assert second.path == first.path
    assert second.sha256 == first.sha256
    assert stored_files(landing_dir) == [Path(first.sha256) / "entregas_2020.csv"]
    assert [entry["status"] for entry in manifest(landing_dir)] == ["new", "unchanged"]


def test_changed_bytes_land_beside_the_earlier_copy(tmp_path: Path) -> None:
    landing_dir = tmp_path / "landing"
    config = local_source(tmp_path, CONTENT)
    first = land_one(config, landing_dir)
    Path(config.locations[0]).write_bytes(CONTENT + b"3;Huasco\r\n")

    second = land_one(config, landing_dir)

    assert second.status == "new"
    assert second.sha256 != first.sha256
    assert Path(first.path).read_bytes() == CONTENT  # never overwritten
    assert len(stored_files(landing_dir)) == 2


def test_missing_local_file_is_a_landing_error(tmp_path: Path) -> None:
    config = SourceConfig(
        SOURCE, (str(tmp_path / "no_existe.csv"),), is_demo=False, local_roots=(str(tmp_path),)
    )

    with pytest.raises(LandingError, match=r"no_existe\.csv: the configured extract does not"):
        land_one(config, tmp_path / "landing")

    assert manifest(tmp_path / "landing") == []
    assert stored_files(tmp_path / "landing") == []


def test_empty_file_is_a_landing_error_and_nothing_is_stored(tmp_path: Path) -> None:
    config = local_source(tmp_path, b"")

    with pytest.raises(LandingError, match="empty"):
        land_one(config, tmp_path / "landing")

    assert manifest(tmp_path / "landing") == []
    assert stored_files(tmp_path / "landing") == []


def test_checksum_mismatch_is_a_landing_error_and_nothing_is_stored(tmp_path: Path) -> None:
    config = dataclasses.replace(
        local_source(tmp_path, CONTENT), expected_sha256={"entregas_2020.csv": "0" * 64}
    )

    with pytest.raises(LandingError, match="checksum") as error:
        land_one(config, tmp_path / "landing")

    assert sha256(CONTENT) in str(error.value)
    assert manifest(tmp_path / "landing") == []
    assert stored_files(tmp_path / "landing") == []


def test_matching_checksum_lands(tmp_path: Path) -> None:
    config = dataclasses.replace(
        local_source(tmp_path, CONTENT), expected_sha256={"entregas_2020.csv": sha256(CONTENT)}
    )

    assert land_one(config, tmp_path / "landing").status == "new"


# HTTP, against a server on 127.0.0.1


def http_source(http_server, path: str = "/datos/entregas_2020.csv") -> SourceConfig:
    return SourceConfig(SOURCE, (http_server.url(path),), is_demo=False)


def test_download_lands_with_its_validators(http_server, tmp_path: Path) -> None:
    reply = http_server.Reply(
        body=CONTENT,
        headers={"ETag": '"v1"', "Last-Modified": LAST_MODIFIED},
    )
    http_server.serve("/datos/entregas_2020.csv", reply)

    landed = land_one(http_source(http_server), tmp_path / "landing")

    assert landed.status == "new"
    assert landed.file_name == "entregas_2020.csv"
    assert landed.sha256 == sha256(CONTENT)
    assert Path(landed.path).read_bytes() == CONTENT
    assert (landed.etag, landed.last_modified) == ('"v1"', LAST_MODIFIED)
    assert manifest(tmp_path / "landing")[0]["etag"] == '"v1"'
    assert "If-None-Match" not in http_server.requests[0].headers


def test_a_503_is_retried_and_the_retry_succeeds(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(status=503), http_server.Reply(body=CONTENT))

    landed = land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == 2
    assert landed.status == "new"
    assert Path(landed.path).read_bytes() == CONTENT


def test_persistent_5xx_gives_up_after_max_attempts(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(status=500, body=b"error"))

    with pytest.raises(LandingError, match="HTTP 500"):
        land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == landing.MAX_ATTEMPTS
    assert stored_files(tmp_path / "landing") == []
    assert manifest(tmp_path / "landing") == []


def test_backoff_doubles_between_attempts(
    http_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(status=502))
    sleeps: list[float] = []
    monkeypatch.setattr(landing, "BACKOFF_BASE_S", 1.5)
    monkeypatch.setattr(landing.time, "sleep", sleeps.append)

    with pytest.raises(LandingError):
        land_one(http_source(http_server, path), tmp_path / "landing")

    assert sleeps == [1.5, 3.0, 6.0]


def test_404_is_not_retried(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(status=404, body=b"no"))

    with pytest.raises(LandingError, match="HTTP 404"):
        land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == 1
    assert stored_files(tmp_path / "landing") == []
    assert manifest(tmp_path / "landing") == []


@pytest.mark.parametrize(
    "header_name",
    [
        "ETag",
        "Etag",
        "etag",
    ],
)
def test_etag_makes_the_second_request_conditional(
    http_server, tmp_path: Path, header_name: str
) -> None:
    path = "/datos/entregas_2020.csv"
    etag = '"abc123"'

    def respond(request, _index):
        if request.headers.get("If-None-Match") == etag:
            return http_server.Reply(status=304)
        return http_server.Reply(
            body=CONTENT,
            headers={header_name: etag, "Last-Modified": LAST_MODIFIED},
        )

    http_server.serve_with(path, respond)
    landing_dir = tmp_path / "landing"
    first = land_one(http_source(http_server, path), landing_dir)

    second = land_one(http_source(http_server, path), landing_dir)

    assert http_server.hits(path) == 2
    conditional = http_server.requests[1].headers
    assert conditional.get("If-None-Match") == etag
    assert conditional.get("If-Modified-Since") == LAST_MODIFIED
    assert http_server.bodies_sent == 1  # the 304 re-downloaded nothing
    assert second.status == "unchanged"
    assert (second.path, second.sha256, second.etag) == (first.path, first.sha256, etag)
    assert [entry["status"] for entry in manifest(landing_dir)] == ["new", "unchanged"]
    assert stored_files(landing_dir) == [Path(first.sha256) / "entregas_2020.csv"]


def test_no_conditional_request_when_the_landed_copy_is_gone(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(body=CONTENT, headers={"ETag": '"v1"'}))
    landing_dir = tmp_path / "landing"
    first = land_one(http_source(http_server, path), landing_dir)
    Path(first.path).unlink()

    second = land_one(http_source(http_server, path), landing_dir)

    assert "If-None-Match" not in http_server.requests[1].headers
    assert second.status == "new"
    assert Path(second.path).read_bytes() == CONTENT


def test_always_truncated_body_is_retried_then_a_landing_error(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(body=CONTENT, body_bytes_sent=10))

    with pytest.raises(LandingError):
        land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == landing.MAX_ATTEMPTS
    assert stored_files(tmp_path / "landing") == []


def test_truncated_body_is_retried_and_the_retry_succeeds(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(
        path,
        http_server.Reply(body=CONTENT, body_bytes_sent=10),
        http_server.Reply(body=CONTENT),
    )

    landed = land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == 2
    assert Path(landed.path).read_bytes() == CONTENT
    assert stored_files(tmp_path / "landing") == [Path(landed.sha256) / "entregas_2020.csv"]


def test_truncated_body_leaves_no_partial_file(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(body=CONTENT, body_bytes_sent=10))

    with pytest.raises((LandingError, requests.RequestException)):
        land_one(http_source(http_server, path), tmp_path / "landing")

    assert stored_files(tmp_path / "landing") == []
    assert manifest(tmp_path / "landing") == []


def test_read_timeout_is_retried_then_a_landing_error(
    http_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(landing, "READ_TIMEOUT_S", 0.2)
    path = "/datos/entregas_2020.csv"
    http_server.serve(path, http_server.Reply(body=CONTENT, delay_s=1.0))

    with pytest.raises(LandingError, match="gave up after 4 attempts"):
        land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == landing.MAX_ATTEMPTS
    assert stored_files(tmp_path / "landing") == []
    assert manifest(tmp_path / "landing") == []


def test_read_timeout_then_success(
    http_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(landing, "READ_TIMEOUT_S", 0.2)
    path = "/datos/entregas_2020.csv"
    http_server.serve(
        path, http_server.Reply(body=CONTENT, delay_s=1.0), http_server.Reply(body=CONTENT)
    )

    landed = land_one(http_source(http_server, path), tmp_path / "landing")

    assert http_server.hits(path) == 2
    assert Path(landed.path).read_bytes() == CONTENT


def test_unreachable_server_is_a_landing_error(http_server, tmp_path: Path) -> None:
    url = http_server.url("/datos/entregas_2020.csv")
    http_server.stop()  # nothing listens on the port any more

    with pytest.raises(LandingError, match="gave up after 4 attempts"):
        land_one(SourceConfig(SOURCE, (url,), is_demo=False), tmp_path / "landing")


def test_gzip_encoded_download_lands_the_decoded_extract(http_server, tmp_path: Path) -> None:
    path = "/datos/entregas_2020.csv"
    compressed = gzip.compress(CONTENT * 20)
    http_server.serve(
        path, http_server.Reply(body=compressed, headers={"Content-Encoding": "gzip"})
    )

    landed = land_one(http_source(http_server, path), tmp_path / "landing")

    assert Path(landed.path).read_bytes() == CONTENT * 20
