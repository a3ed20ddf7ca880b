"""Serves the simulated public feed on 127.0.0.1 (a projector or the trainees' browsers on
the same laptop): ``/`` the page, ``/feed.json`` the same posts as JSON. Read-only."""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from crisisdesk.exercises.public_feed import feed_posts, render_feed

if TYPE_CHECKING:
    from crisisdesk.exercises.service import ExerciseService

HOST = "127.0.0.1"


class FeedServer:
    """A small HTTP server in a thread; ``url`` once started, ``stop()`` to end it."""

    def __init__(self, exercises: ExerciseService, run_id: int, port: int = 0) -> None:
        self.exercises = exercises
        self.desk = exercises.desk
        self.run_id = run_id
        self.server = ThreadingHTTPServer((HOST, port), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def page(self, as_json: bool) -> tuple[bytes, str]:
        ex = self.exercises
        run = ex.get(self.run_id)
        now = run.clock.at(ex.wall.now())
        with self.desk.db.read() as session:
            posts = feed_posts(session, run, now)
        if as_json:
            data = {"exercise": True, "run": run.id, "posts": [p.to_json(run) for p in posts]}
            return json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json"
        return render_feed(run, posts, now).encode("utf-8"), "text/html; charset=utf-8"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path not in ("/", "/feed.json"):
                    self._send(404, b"not found", "text/plain; charset=utf-8")
                    return
                try:
                    body, kind = feed.page(path == "/feed.json")
                except Exception as exc:  # one line, never a traceback to the browser
                    message = f"feed unavailable: {type(exc).__name__}".encode()
                    self._send(503, message, "text/plain; charset=utf-8")
                    return
                self._send(200, body, kind)

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header(
                    "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"
                )
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        return Handler


__all__ = ["HOST", "FeedServer"]
