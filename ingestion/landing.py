"""Land an extract untouched: fetch or copy it, checksum it, record it in a manifest.

Landed files are content-addressed (`<landing>/<source>/<sha256>/<file name>`), so landing
the same bytes twice stores them once, and an earlier landing is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import requests

from ingestion.progress import progress
from ingestion.settings import SourceConfig

CHUNK_SIZE = 1 << 20
CONNECT_TIMEOUT_S = 10
READ_TIMEOUT_S = 60
MAX_ATTEMPTS = 4
BACKOFF_BASE_S = 1.0


class LandingError(RuntimeError):
    """The extract could not be landed; nothing earlier was touched."""


@dataclass(frozen=True)
class LandedExtract:
    source: str
    location: str
    file_name: str
    path: str
    sha256: str
    size_bytes: int
    landed_at: str
    is_demo: bool
    status: str  # "new" or "unchanged"
    etag: str | None = None
    last_modified: str | None = None


def land(config: SourceConfig, landing_dir: Path) -> list[LandedExtract]:
    """Land every configured location of a source; one manifest entry each."""
    source_dir = landing_dir / config.name
    source_dir.mkdir(parents=True, exist_ok=True)
    return [_land_location(config, location, source_dir) for location in config.locations]


def _land_location(config: SourceConfig, location: str, source_dir: Path) -> LandedExtract:
    previous = current_landings(source_dir).get(location)
    scheme = urlparse(location).scheme
    url = location
    if scheme in ("http", "https", "ckan", "ckan+http"):
        url = resolve_ckan(location, config.auth) if scheme.startswith("ckan") else location
        fetched = _download(url, source_dir, previous, config.auth)
        if fetched is None:  # 304 Not Modified
            assert previous is not None
            return _record(
                source_dir, {**asdict(previous), "status": "unchanged", "landed_at": _now()}
            )
        temp_path, headers = fetched
    else:
        temp_path, headers = _copy_local(Path(location), source_dir), {}
    file_name = _file_name(url)
    expected = (config.expected_sha256 or {}).get(file_name)
    try:
        sha256, size = _checksum(temp_path)
        if expected and sha256 != expected:
            raise LandingError(
                f"{location}: checksum {sha256} does not match the configured "
                f"{expected}; the file was not landed"
            )
        if size == 0:
            raise LandingError(f"{location}: the extract is empty (0 bytes)")
        target = source_dir / sha256 / file_name
        status = "unchanged" if target.exists() else "new"
        if status == "new":
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temp_path, target)
    finally:
        temp_path.unlink(missing_ok=True)
    return _record(
        source_dir,
        {
            "source": config.name,
            "location": location,
            "file_name": file_name,
            "path": str(target),
            "sha256": sha256,
            "size_bytes": size,
            "landed_at": _now(),
            "is_demo": config.is_demo,
            "status": status,
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
        },
    )


def current_landings(source_dir: Path) -> dict[str, LandedExtract]:
    """The latest landing of each location of a source, from its manifest."""
    manifest = source_dir / "manifest.jsonl"
    if not manifest.exists():
        return {}
    latest = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = LandedExtract(**json.loads(line))
        latest[entry.location] = entry
    return latest


def _record(source_dir: Path, entry: dict) -> LandedExtract:
    with (source_dir / "manifest.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return LandedExtract(**entry)


def _download(
    url: str, source_dir: Path, previous: LandedExtract | None, auth: str | None
) -> tuple[Path, dict] | None:
    headers = {"Authorization": auth} if auth else {}
    if previous is not None and Path(previous.path).exists():
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified

    def fetch() -> tuple[Path, dict] | None:
        with requests.get(
            url, headers=headers, stream=True, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S)
        ) as response:
            if response.status_code == 304:
                return None
            _raise_for_status(url, response)
            temp_path = _stream_to_temp(response, source_dir)
            validators = {
                "ETag": response.headers.get("ETag"),
                "Last-Modified": response.headers.get("Last-Modified"),
            }
            return temp_path, validators

    return _with_retries(url, fetch)


def resolve_ckan(location: str, auth: str | None = None) -> str:
    """`ckan://<portal>/<dataset id>/<resource name>` -> the resource's download URL.

    Asks the portal's `package_show` API (CKAN, as datos.gob.cl runs it);
    `ckan+http://` is for portals without TLS.
    """
    parsed = urlparse(location)
    scheme = "http" if parsed.scheme == "ckan+http" else "https"
    dataset, _, resource_name = unquote(parsed.path).strip("/").partition("/")
    if not dataset or not resource_name:
        raise LandingError(f"{location}: expected ckan://<portal>/<dataset id>/<resource name>")
    api = f"{scheme}://{parsed.netloc}/api/3/action/package_show"
    headers = {"Authorization": auth} if auth else {}

    def ask() -> dict:
        response = requests.get(
            api,
            params={"id": dataset},
            headers=headers,
            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
        )
        _raise_for_status(api, response)
        return response.json()

    answer = _with_retries(api, ask)
    if not answer.get("success"):
        raise LandingError(f"{location}: the portal did not find dataset {dataset!r}")
    resources = answer["result"].get("resources", [])
    for resource in resources:
        if resource.get("name") == resource_name:
            return resource["url"]
    names = ", ".join(repr(r.get("name")) for r in resources)
    raise LandingError(
        f"{location}: dataset {dataset!r} has no resource {resource_name!r} ({names})"
    )


def _raise_for_status(url: str, response: requests.Response) -> None:
    if response.status_code >= 500:
        raise _Retryable(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise LandingError(f"{url}: HTTP {response.status_code}, not retried")


def _with_retries(url: str, action):
    """Run a request, retrying connection errors, timeouts, truncation and 5xx with backoff."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return action()
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,  # body shorter than its Content-Length
            _Retryable,
        ) as error:
            if attempt == MAX_ATTEMPTS:
                raise LandingError(f"{url}: gave up after {attempt} attempts ({error})") from error
            time.sleep(BACKOFF_BASE_S * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


class _Retryable(Exception):
    pass


def _stream_to_temp(response: requests.Response, source_dir: Path) -> Path:
    # Content-Length counts the encoded bytes; with gzip we store the decoded extract.
    is_encoded = response.headers.get("Content-Encoding", "identity") != "identity"
    expected = None if is_encoded else response.headers.get("Content-Length")
    handle = _partial_file(source_dir)
    temp_path = Path(handle.name)
    received = 0
    total = int(expected) if expected is not None else None
    try:
        with handle, progress(f"descargando {response.url}", total) as bar:
            for chunk in response.iter_content(CHUNK_SIZE):
                handle.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
        if expected is not None and received != int(expected):
            raise _Retryable(f"truncated download: {received} of {expected} bytes")
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return temp_path


def _copy_local(path: Path, source_dir: Path) -> Path:
    if not path.is_file():
        raise LandingError(f"{path}: the configured extract does not exist")
    handle = _partial_file(source_dir)
    with handle, path.open("rb") as source:
        shutil.copyfileobj(source, handle, CHUNK_SIZE)
    return Path(handle.name)


def _partial_file(source_dir: Path):
    """A temporary file beside its final place, so the move into place is atomic."""
    return tempfile.NamedTemporaryFile(dir=source_dir, prefix=".partial-", delete=False)


def _checksum(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _file_name(location: str) -> str:
    parsed = urlparse(location)
    name = Path(unquote(parsed.path)).name if parsed.scheme else Path(location).name
    return name or "extract"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
