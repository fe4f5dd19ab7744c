"""Land an extract untouched: fetch or copy it, checksum it, record it in a manifest.

Landed files are content-addressed (`<landing>/<source>/<sha256>/<file name>`), so landing
the same bytes twice stores them once, and an earlier landing is never overwritten.

Only http(s) URLs, CKAN references and paths inside the configured local roots are landed;
a download has a total deadline; secrets in a URL never reach the manifest, the load log or
a message (the location is stored redacted, and that redacted string is its identity).
Landed extracts hold personal data: folders are private to the pipeline's user, and
`python -m ingestion.landing purge` removes landings older than the retention setting.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn
from urllib.parse import quote, unquote, urlparse, urlsplit, urlunsplit

import requests
import urllib3

from ingestion.progress import progress
from ingestion.settings import (
    DEFAULT_DOWNLOAD_DEADLINE_S,
    Settings,
    SourceConfig,
    load_source_configs,
)

CHUNK_SIZE = 1 << 20
CONNECT_TIMEOUT_S = 10
READ_TIMEOUT_S = 60
MAX_ATTEMPTS = 4
BACKOFF_BASE_S = 1.0
REMOTE_SCHEMES = ("http", "https", "ckan", "ckan+http")
# Query parameters whose value is a credential (compared lower-case; names ending in one of
# SECRET_SUFFIXES count too, e.g. `portal_token`, `X-Amz-Signature`).
SECRET_PARAMETERS = frozenset(
    {"token", "key", "apikey", "api_key", "password", "passwd", "pwd", "secret", "signature",
     "sig", "access_token", "auth", "code", "credential", "x-amz-credential"}
)  # fmt: skip
SECRET_SUFFIXES = ("token", "key", "secret", "password", "signature")
REDACTED_PREFIX = "REDACTADO-"
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


class LandingError(RuntimeError):
    """The extract could not be landed; nothing earlier was touched."""


class DownloadDeadlineExceeded(LandingError):
    """The download did not finish within its total deadline (not retried)."""


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
    source_dir = _private_dir(landing_dir / config.name)
    _private_dir(landing_dir)
    for stale in source_dir.glob(".partial-*"):  # left by a killed landing
        stale.unlink(missing_ok=True)
    return [_land_location(config, location, source_dir) for location in config.locations]


def _land_location(config: SourceConfig, location: str, source_dir: Path) -> LandedExtract:
    label = redact_location(location)  # what is stored and shown, never the secret
    local_path = _allowed_local_path(location, config.local_roots)
    previous = current_landings(source_dir).get(label)
    deadline = _Deadline(label, config.download_deadline_s)
    url = location
    if local_path is None:
        if urlparse(location).scheme.startswith("ckan"):
            url = resolve_ckan(location, config.auth, deadline)
        fetched = _download(url, source_dir, previous, config.auth, deadline)
        if fetched is None:  # 304 Not Modified: the landed copy must still pass the pin
            if previous is None or not Path(previous.path).exists():
                raise LandingError(f"{label}: HTTP 304 to a request that was not conditional")
            _verify_unchanged(previous, (config.expected_sha256 or {}).get(previous.file_name))
            unchanged = {"status": "unchanged", "landed_at": _now(), "location": label}
            return _record(source_dir, {**asdict(previous), **unchanged})
        temp_path, headers = fetched
    else:
        temp_path, headers = _copy_local(local_path, source_dir), {}
    file_name = _file_name(url)
    expected = (config.expected_sha256 or {}).get(file_name)
    try:
        sha256, size = _checksum(temp_path)
        if expected and sha256 != expected:
            raise LandingError(
                f"{label}: checksum {sha256} does not match the configured "
                f"{expected}; the file was not landed"
            )
        if size == 0:
            raise LandingError(f"{label}: the extract is empty (0 bytes)")
        target = source_dir / sha256 / file_name
        status = "unchanged" if target.exists() else "new"
        if status == "new":
            _private_dir(target.parent)
            os.replace(temp_path, target)
        target.chmod(PRIVATE_FILE_MODE)
    finally:
        temp_path.unlink(missing_ok=True)
    return _record(
        source_dir,
        {
            "source": config.name,
            "location": label,
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


def _verify_unchanged(previous: LandedExtract, expected: str | None) -> None:
    """A 304 vouches for nothing: re-check the landed copy against its record and the pin."""
    sha256, _size = _checksum(Path(previous.path))
    if sha256 != previous.sha256:
        raise LandingError(
            f"{previous.location}: the landed copy {previous.path} changed on disk "
            f"(sha256 {sha256}, recorded {previous.sha256}); the server answered 304, so "
            "there is nothing trustworthy to load"
        )
    if expected and sha256 != expected:
        raise LandingError(
            f"{previous.location}: checksum {sha256} does not match the configured {expected} "
            "(the server answered 304 Not Modified for the landed copy); nothing was landed"
        )


def _allowed_local_path(location: str, roots: tuple[str, ...]) -> Path | None:
    """None for a remote location; the resolved path of a local one inside a root; else an
    error. Symlinks and `..` are resolved first, so neither can lead outside the roots."""
    scheme = urlsplit(location).scheme
    if scheme in REMOTE_SCHEMES:
        return None
    if scheme:
        raise LandingError(
            f"{redact_location(location)}: unsupported location ({scheme}://); use http(s)://, "
            "ckan://, ckan+http:// or a path inside the configured local roots"
        )
    resolved = Path(location).resolve()
    resolved_roots = [Path(root).resolve() for root in roots]
    if not any(resolved.is_relative_to(root) for root in resolved_roots):
        allowed = ", ".join(str(root) for root in resolved_roots) or "none configured"
        raise LandingError(
            f"{location}: outside the folders extracts may be landed from ({allowed}); "
            "add its folder to `local_roots` in config/sources.toml or to HUASCO_LOCAL_ROOTS"
        )
    return resolved


class _Deadline:
    """The total time one download may take, retries and CKAN resolution included."""

    def __init__(self, label: str, seconds: float) -> None:
        self.label = label
        self.seconds = seconds
        self.expires_at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; raises once there are none."""
        left = self.expires_at - time.monotonic()
        if left <= 0:
            self.expire()
        return left

    def expire(self) -> NoReturn:
        raise DownloadDeadlineExceeded(
            f"{self.label}: the download did not finish within {self.seconds:g} s "
            "(HUASCO_DOWNLOAD_DEADLINE_S); nothing was landed"
        )

    def get(self, url: str, **options) -> requests.Response:
        """`requests.get` that returns by the deadline, even if the server trickles its
        status line and headers (a read timeout bounds each read, not the whole answer).
        The request goes on in its own thread; an answer that comes too late is closed."""
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landing")
        future = worker.submit(requests.get, url, timeout=self.timeout(), **options)
        worker.shutdown(wait=False)
        try:
            return future.result(timeout=self.remaining())
        except FutureTimeout:
            future.add_done_callback(_close_late_response)
            self.expire()

    def timeout(self) -> tuple[float, float]:
        left = self.remaining()
        return min(CONNECT_TIMEOUT_S, left), min(READ_TIMEOUT_S, left)


def _close_late_response(future: Future) -> None:
    if not future.cancelled() and future.exception() is None:
        future.result().close()


def current_landings(source_dir: Path) -> dict[str, LandedExtract]:
    """The latest landing of each location of a source, from its manifest."""
    manifest = source_dir / "manifest.jsonl"
    if not manifest.exists():
        return {}
    latest = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = LandedExtract(**json.loads(line))
        # Entries written before locations were redacted are found under the redacted key.
        latest[redact_location(entry.location)] = entry
    return latest


def _record(source_dir: Path, entry: dict) -> LandedExtract:
    manifest = source_dir / "manifest.jsonl"
    descriptor = os.open(manifest, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE_MODE)
    with open(descriptor, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
    manifest.chmod(PRIVATE_FILE_MODE)
    return LandedExtract(**entry)


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    path.chmod(PRIVATE_DIR_MODE)
    return path


def _download(
    url: str,
    source_dir: Path,
    previous: LandedExtract | None,
    auth: str | None,
    deadline: _Deadline,
) -> tuple[Path, dict] | None:
    headers = {"Authorization": auth} if auth else {}
    if previous is not None and Path(previous.path).exists():
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified

    def fetch() -> tuple[Path, dict] | None:
        with deadline.get(url, headers=headers, stream=True) as response:
            if response.status_code == 304:
                return None
            _raise_for_status(url, response)
            temp_path = _stream_to_temp(response, source_dir, deadline)
            validators = {
                "ETag": response.headers.get("ETag"),
                "Last-Modified": response.headers.get("Last-Modified"),
            }
            return temp_path, validators

    return _with_retries(url, fetch, deadline)


def resolve_ckan(location: str, auth: str | None = None, deadline: _Deadline | None = None) -> str:
    """`ckan://<portal>/<dataset id>/<resource name>` -> the resource's download URL.

    Asks the portal's `package_show` API (CKAN, as datos.gob.cl runs it);
    `ckan+http://` is for portals without TLS.
    """
    parsed = urlparse(location)
    scheme = "http" if parsed.scheme == "ckan+http" else "https"
    dataset, _, resource_name = unquote(parsed.path).strip("/").partition("/")
    label = redact_location(location)
    if not dataset or not resource_name:
        raise LandingError(f"{label}: expected ckan://<portal>/<dataset id>/<resource name>")
    deadline = deadline or _Deadline(label, DEFAULT_DOWNLOAD_DEADLINE_S)
    api = f"{scheme}://{parsed.netloc}/api/3/action/package_show"
    headers = {"Authorization": auth} if auth else {}

    def ask() -> dict:
        response = deadline.get(api, params={"id": dataset}, headers=headers)
        _raise_for_status(api, response)
        return response.json()

    answer = _with_retries(api, ask, deadline)
    if not answer.get("success"):
        raise LandingError(f"{label}: the portal did not find dataset {dataset!r}")
    resources = answer["result"].get("resources", [])
    for resource in resources:
        if resource.get("name") == resource_name:
            return resource["url"]
    names = ", ".join(repr(r.get("name")) for r in resources)
    raise LandingError(f"{label}: dataset {dataset!r} has no resource {resource_name!r} ({names})")


def _raise_for_status(url: str, response: requests.Response) -> None:
    if response.status_code >= 500:
        raise _Retryable(f"HTTP {response.status_code}")
    if response.status_code >= 400:
        raise LandingError(f"{redact_location(url)}: HTTP {response.status_code}, not retried")


def _with_retries(url: str, action, deadline: _Deadline):
    """Run a request, retrying connection errors, timeouts, truncation and 5xx with backoff,
    for as long as the deadline allows. Messages carry the redacted URL, and the original
    exception (whose text may hold the secret) is not chained."""
    label = redact_location(url)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        deadline.remaining()
        try:
            return action()
        except (
            requests.ConnectionError,
            requests.Timeout,
            requests.exceptions.ChunkedEncodingError,  # body shorter than its Content-Length
            urllib3.exceptions.HTTPError,  # the same, read from the raw stream
            _Retryable,
        ) as error:
            reason = scrub(f"{type(error).__name__}: {error}", url)
        except requests.RequestException as error:
            reason = scrub(str(error), url)
            raise LandingError(f"{label}: {reason}") from None
        # Outside the except blocks, so the original exceptions (their text may hold the
        # secret) are not attached to what is raised.
        deadline.remaining()  # a timeout cut short by the deadline is the deadline's
        if attempt == MAX_ATTEMPTS:
            raise LandingError(f"{label}: gave up after {attempt} attempts ({reason})")
        time.sleep(min(BACKOFF_BASE_S * 2 ** (attempt - 1), deadline.remaining()))
    raise AssertionError("unreachable")


class _Retryable(Exception):
    pass


def _stream_to_temp(response: requests.Response, source_dir: Path, deadline: _Deadline) -> Path:
    # Content-Length counts the encoded bytes; with gzip we store the decoded extract.
    is_encoded = response.headers.get("Content-Encoding", "identity") != "identity"
    expected = None if is_encoded else response.headers.get("Content-Length")
    handle = _partial_file(source_dir)
    temp_path = Path(handle.name)
    received = 0
    total = int(expected) if expected is not None else None
    # read1 returns whatever one read brings, so a server trickling bytes cannot keep us
    # inside a read past the deadline; each wait for data is bounded by the time left.
    sock = getattr(getattr(response.raw, "connection", None), "sock", None)
    try:
        with handle, progress(f"descargando {redact_location(response.url)}", total) as bar:
            while True:
                if sock is not None:
                    sock.settimeout(min(READ_TIMEOUT_S, deadline.remaining()))
                chunk = response.raw.read1(CHUNK_SIZE, decode_content=True)
                deadline.remaining()
                if not chunk:
                    break
                handle.write(chunk)
                received += len(chunk)
                bar.update(len(chunk))
        if expected is not None and received != int(expected):
            raise _Retryable(f"truncated download: {received} of {expected} bytes")
    except urllib3.exceptions.DecodeError as error:
        temp_path.unlink(missing_ok=True)
        raise LandingError(
            f"{redact_location(response.url)}: the body could not be decoded ({error})"
        ) from None
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise
    return temp_path


def _copy_local(path: Path, source_dir: Path) -> Path:
    if not path.is_file():
        raise LandingError(f"{path}: the configured extract does not exist")
    handle = _partial_file(source_dir)
    try:
        with handle, path.open("rb") as source:
            shutil.copyfileobj(source, handle, CHUNK_SIZE)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
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


# Secrets in locations


def redact_location(location: str) -> str:
    """The location with the password and secret query values replaced by a short hash.

    Stable (the same URL always gives the same string, which identifies the extract) and
    distinct (two URLs differing only in their secret stay different), but not reversible.
    Paths and URLs without secrets come back unchanged."""
    parts = urlsplit(location)
    if parts.scheme not in REMOTE_SCHEMES:
        return location
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, host = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{_mask(unquote(parts.password))}@{host}"
    query = (
        "&".join(_redact_parameter(pair) for pair in parts.query.split("&")) if parts.query else ""
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def scrub(text: str, url: str) -> str:
    """`text` (an error message) without any secret of `url`, raw or percent-encoded."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        for form in {secret, quote(secret, safe=""), quote(secret)}:
            text = text.replace(form, _mask(secret))
    return text


def _is_secret(name: str) -> bool:
    name = unquote(name).lower()
    return name in SECRET_PARAMETERS or name.endswith(SECRET_SUFFIXES)


def _redact_parameter(pair: str) -> str:
    name, separator, value = pair.partition("=")
    if separator and value and _is_secret(name):
        return f"{name}={_mask(unquote(value))}"
    return pair


def _secrets(url: str) -> list[str]:
    parts = urlsplit(url)
    found = [unquote(parts.password)] if parts.password else []
    for pair in parts.query.split("&") if parts.query else []:
        name, separator, value = pair.partition("=")
        if separator and value and _is_secret(name):
            found.append(unquote(value))
    return [secret for secret in found if secret]


def _mask(secret: str) -> str:
    if secret.startswith(REDACTED_PREFIX):  # already redacted: redaction is idempotent
        return secret
    digest = hashlib.sha256(b"huasco-location-secret:" + secret.encode("utf-8")).hexdigest()
    return f"{REDACTED_PREFIX}{digest[:10]}"


# Retention


def purge(
    landing_dir: Path,
    configs: dict[str, SourceConfig],
    retention_days: float,
    now: datetime | None = None,
) -> list[Path]:
    """Remove landed files last received more than `retention_days` ago, except the current
    landing of each configured location (what the next load reads). The manifests stay: they
    hold checksums and times, no personal data."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=retention_days)
    keep = set()
    for config in configs.values():
        current = current_landings(landing_dir / config.name)
        for location in config.locations:
            entry = current.get(redact_location(location))
            if entry is not None:
                keep.add(Path(entry.path).resolve())
    removed = []
    source_dirs = (
        sorted(p for p in landing_dir.iterdir() if p.is_dir()) if landing_dir.is_dir() else []
    )
    for source_dir in source_dirs:
        last_received = _last_received(source_dir)
        for path in sorted(source_dir.glob("*/*")):
            if not path.is_file() or path.resolve() in keep:
                continue
            received = last_received.get(path.resolve()) or datetime.fromtimestamp(
                path.stat().st_mtime, UTC
            )
            if received < cutoff:
                path.unlink()
                removed.append(path)
        for folder in source_dir.iterdir():
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return removed


def _last_received(source_dir: Path) -> dict[Path, datetime]:
    """Landed file -> the last time the manifest says it was received (new or unchanged)."""
    manifest = source_dir / "manifest.jsonl"
    latest: dict[Path, datetime] = {}
    if not manifest.exists():
        return latest
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        path = Path(entry["path"]).resolve()
        landed_at = datetime.fromisoformat(entry["landed_at"])
        latest[path] = max(landed_at, latest.get(path, landed_at))
    return latest


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingestion.landing", description="Maintenance of data/landing."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "purge",
        help="remove landed extracts older than HUASCO_LANDING_RETENTION_DAYS "
        "(the current landing of each configured location stays)",
    )
    parser.parse_args(argv)
    settings = Settings.from_env()
    removed = purge(
        settings.landing_dir, load_source_configs(settings), settings.landing_retention_days
    )
    for path in removed:
        print(f"eliminado: {path}")
    print(
        f"{len(removed)} archivo(s) aterrizado(s) con más de {settings.landing_retention_days:g} "
        f"días eliminados de {settings.landing_dir}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
