"""Real HTTP servers on 127.0.0.1 playing WhatsApp Cloud API, X API v2 and a website."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from crisisdesk.statements.publishers import SIGNATURE_HEADER, verify_signature

TOKEN = "test-token-123"
SECRET = "website-shared-secret"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakePlatform:
    """Shared state of one server: what arrived, how to answer next, what was created."""

    modes: list[str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    created: dict[str, str] = field(default_factory=dict)  # idempotency key -> id
    release: threading.Event = field(default_factory=threading.Event)
    signature_ok: list[bool] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""
    posts: list[tuple[str, str]] = field(default_factory=list)  # X timeline: (id, text)

    def next_mode(self) -> str:
        with self.lock:
            return self.modes.pop(0) if self.modes else "ok"


def _handler(platform: FakePlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            got = Received(self.path, {k: v for k, v in self.headers.items()}, body)
            platform.received.append(got)
            mode = platform.next_mode()
            if mode == "slow":
                platform.release.wait(5)
            if mode == "drop":  # act on the request, then drop the connection unanswered
                self._success(got)
                self._drop()
                return
            if mode == "hang":  # read the request, never answer
                platform.release.wait(30)
                self._drop()
                return
            if mode == "drip":  # answer one byte at a time, a byte every 0.5 s
                raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}"
                for byte in raw:
                    if platform.release.wait(0.5):
                        break
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                self._drop()
                return
            if mode == "noid":
                self._success(got)
                self._reply(200, {"ok": True})
                return
            if mode == "400":
                self._reply(400, self._error(400))
                return
            if mode == "500":
                self._reply(503, {"error": "temporarily down"})
                return
            if mode == "garbage":
                self._reply_raw(200, b"<html>not json</html>")
                return
            self._reply(200, self._success(got))

        def _success(self, got: Received) -> dict[str, Any]:
            key = got.headers.get("Idempotency-Key", "")
            if self.path.endswith("/messages"):
                if got.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return {"error": {"message": "bad token", "code": 190}}
                ident = platform.created.setdefault(key, f"wamid.{len(platform.created) + 1}")
                return {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": got.json()["to"], "wa_id": got.json()["to"]}],
                    "messages": [{"id": ident}],
                }
            if self.path == "/2/tweets":
                text = got.json()["text"]
                # X ignores idempotency keys: every POST is a new public post here (stricter
                # than X, which may refuse identical text), so a double post shows.
                ident = str(1_860_000_000 + len(platform.posts))
                platform.created[f"{key}#{ident}"] = ident
                platform.posts.append((ident, text.replace("&", "&amp;")))
                return {"data": {"id": ident, "text": text}}
            ok = verify_signature(got.body, got.headers.get(SIGNATURE_HEADER), SECRET)
            platform.signature_ok.append(ok)
            if not ok:
                return {"error": "bad signature"}
            ident = platform.created.setdefault(key, f"news-{len(platform.created) + 1}")
            return {"id": ident}

        def do_GET(self) -> None:
            """X's timeline: ``/2/users/me`` and ``/2/users/{id}/tweets`` (newest first)."""
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._reply(401, {"title": "Unauthorized"})
            elif self.path == "/2/users/me":
                self._reply(200, {"data": {"id": "42", "username": "amanah"}})
            elif self.path.startswith("/2/users/42/tweets"):
                items = [{"id": i, "text": t} for i, t in reversed(platform.posts)]
                self._reply(200, {"data": items} if items else {"meta": {"result_count": 0}})
            else:
                self._reply(404, {"title": "Not Found"})

        def _drop(self) -> None:
            import contextlib
            import socket

            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True

        def _error(self, code: int) -> dict[str, Any]:
            if self.path.endswith("/messages"):
                return {
                    "error": {
                        "message": "(#131030) Recipient phone number not in allowed list",
                        "type": "OAuthException",
                        "code": 131030,
                    }
                }
            if self.path == "/2/tweets":
                return {
                    "title": "Forbidden",
                    "detail": "You are not allowed to create a Tweet with duplicate content.",
                    "status": 403,
                }
            return {"error": "invalid payload"}

        def _reply(self, code: int, data: dict[str, Any]) -> None:
            self._reply_raw(code, json.dumps(data).encode())

        def _reply_raw(self, code: int, raw: bytes) -> None:
            try:
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@contextmanager
def serve() -> Iterator[FakePlatform]:
    platform = FakePlatform()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(platform))
    server.daemon_threads = True
    platform.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        platform.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
