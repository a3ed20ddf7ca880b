"""A real HTTP server on 127.0.0.1, in a thread, that misbehaves on purpose."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Route = Callable[["Handler"], None]


@dataclass
class LocalServer:
    """Routes by path; ``hits`` counts requests per path, ``requests`` keeps what came in."""

    server: ThreadingHTTPServer
    stop: threading.Event
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[dict[str, object]] = field(default_factory=list)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def route(self, path: str) -> Callable[[Route], Route]:
        def register(fn: Route) -> Route:
            self.routes[path] = fn
            return fn

        return register


class Handler(BaseHTTPRequestHandler):
    server_state: LocalServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _dispatch(self) -> None:
        state = self.server_state
        path = self.path.split("?", 1)[0]
        state.hits[path] += 1
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        state.requests.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body}
        )
        route = state.routes.get(path)
        if route is None:
            self.send_json(404, {"error": "no route"})
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    do_GET = _dispatch
    do_POST = _dispatch

    def send_json(
        self, status: int, payload: object, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        self.send_bytes(status, data, "application/json", headers)

    def send_bytes(
        self,
        status: int,
        data: bytes,
        content_type: str = "application/octet-stream",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def wait(self, seconds: float) -> None:
        """Sleep, but wake up when the test ends so the server can stop."""
        self.server_state.stop.wait(seconds)

    @property
    def stopping(self) -> bool:
        return self.server_state.stop.is_set()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    stop = threading.Event()
    state_holder: dict[str, LocalServer] = {}

    class BoundHandler(Handler):
        @property
        def server_state(self) -> LocalServer:  # type: ignore[override]
            return state_holder["state"]

    server = ThreadingHTTPServer(("127.0.0.1", 0), BoundHandler)
    server.daemon_threads = True
    state = LocalServer(server=server, stop=stop)
    state_holder["state"] = state
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
        time.sleep(0.01)
