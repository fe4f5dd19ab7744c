"""Fixtures for the ingestion tests: tiny extracts, a DuckDB file, a loopback HTTP server."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from ingestion import landing
from ingestion.landing import LandedExtract


@pytest.fixture
def write_extract(tmp_path: Path) -> Callable[..., Path]:
    """Write `lines` as the bytes an office would export (cp1252, CRLF unless told)."""

    def write(name: str, lines: list[str], encoding: str = "cp1252", newline: str = "\r\n") -> Path:
        path = tmp_path / "extracts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes("".join(f"{line}{newline}" for line in lines).encode(encoding))
        return path

    return write


@pytest.fixture
def landed_from() -> Callable[..., LandedExtract]:
    """A LandedExtract for a file on disk, built by hand (no landing involved)."""

    def make(path: Path, file_name: str | None = None) -> LandedExtract:
        data = path.read_bytes()
        return LandedExtract(
            source="alimentos_entregas",
            location=str(path),
            file_name=file_name or path.name,
            path=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            landed_at="2020-06-01T12:00:00+00:00",
            is_demo=True,
            status="new",
        )

    return make


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # sleep before answering (read timeouts)
    body_bytes_sent: int | None = None  # send fewer bytes than Content-Length announces


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]


class LoopbackServer:
    """An HTTP server on 127.0.0.1 whose replies are scripted per path; it counts requests."""

    Reply = Reply  # so that tests build replies as `http_server.Reply(...)`

    def __init__(self) -> None:
        self.requests: list[SeenRequest] = []
        self.bodies_sent = 0
        self._routes: dict[str, Callable[[SeenRequest, int], Reply]] = {}
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def serve(self, path: str, *replies: Reply) -> None:
        """Answer `path` with `replies` in order, repeating the last one."""
        self._routes[path] = lambda _request, index: replies[min(index, len(replies) - 1)]

    def serve_with(self, path: str, responder: Callable[[SeenRequest, int], Reply]) -> None:
        self._routes[path] = responder

    def hits(self, path: str) -> int:
        return sum(1 for request in self.requests if request.path == path)

    def reply_to(self, request: SeenRequest) -> Reply:
        with self._lock:
            index = self.hits(request.path)
            self.requests.append(request)
        responder = self._routes.get(request.path)
        return (
            Reply(status=404, body=b"not found") if responder is None else responder(request, index)
        )

    def count_body(self) -> None:
        with self._lock:
            self.bodies_sent += 1

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _QuietServer(ThreadingHTTPServer):
    owner: LoopbackServer

    def handle_error(self, request, client_address) -> None:
        pass  # clients that timed out and left are expected here


class _Handler(BaseHTTPRequestHandler):
    server: _QuietServer

    def do_GET(self) -> None:
        owner = self.server.owner
        reply = owner.reply_to(SeenRequest(self.path, dict(self.headers.items())))
        if reply.delay_s:
            time.sleep(reply.delay_s)
        sent = reply.body if reply.body_bytes_sent is None else reply.body[: reply.body_bytes_sent]
        try:
            self.send_response(reply.status)
            for name, value in {"Content-Length": str(len(reply.body)), **reply.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if reply.status != 304 and sent:
                self.wfile.write(sent)
                owner.count_body()
            self.wfile.flush()
        except OSError:
            pass  # the client gave up (timeout tests)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackServer]:
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setattr(landing, "BACKOFF_BASE_S", 0)
    server = LoopbackServer()
    server.start()
    yield server
    server.stop()
