"""``crisisdesk webhook serve``: the WhatsApp Cloud API webhook on a ThreadingHTTPServer.

A POST is answered 200 only after its raw body is committed to ``webhook_inbox``: if the
process dies a moment later, the body is still there and the next start (or ``webhook
drain``) turns it into interactions. The signature (``X-Hub-Signature-256``, HMAC of the raw
body with the app secret) is checked before anything is stored; the ``hub.challenge``
handshake uses the verify token. Both secrets come from the keyring. A processor thread
takes pending bodies in batches — one decision per batch — so the HTTP threads only append.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crisisdesk.clock import utc_iso
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.channels import whatsapp
from crisisdesk.intake.channels.base import ParseResult
from crisisdesk.intake.store import IngestReport
from crisisdesk.intake.webhook_signature import (
    HEADER,
    SignatureError,
    answer_handshake,
    check_signature,
)
from crisisdesk.storage.models import WebhookInbox

if TYPE_CHECKING:
    from crisisdesk.desk import Desk

APP_SECRET = "whatsapp.app_secret"
VERIFY_TOKEN = "whatsapp.verify_token"
MAX_BODY = 5 * 1024 * 1024
BATCH = 200


@dataclass(frozen=True, slots=True)
class DrainResult:
    bodies: int
    new: int
    duplicate: int
    rejected: int


def pending_count(desk: Desk) -> int:
    with desk.db.read() as session:
        return int(
            session.scalar(
                select(func.count(WebhookInbox.id)).where(WebhookInbox.processed.is_(False))
            )
            or 0
        )


def store_body(desk: Desk, incident_id: int, body: bytes, signature: str | None) -> int:
    """Commit one raw body (durably: SQLite synchronous=FULL) and return its row id."""
    with desk.db.write() as session:
        row = WebhookInbox(
            incident_id=incident_id,
            source="whatsapp",
            received_at=utc_iso(desk.clock.now()),
            body=body,
            signature=signature,
            processed=False,
        )
        session.add(row)
        session.flush()
        return row.id


def drain(desk: Desk, incident_id: int, *, batch: int = BATCH) -> DrainResult:
    """Turn every pending body into interactions; one decision per batch of bodies."""
    bodies = new = duplicate = rejected = 0
    while True:
        with desk.db.read() as session:
            pending = session.execute(
                select(WebhookInbox.id, WebhookInbox.body)
                .where(WebhookInbox.processed.is_(False), WebhookInbox.incident_id == incident_id)
                .order_by(WebhookInbox.id)
                .limit(batch)
            ).all()
        if not pending:
            break
        result = ParseResult()
        for row_id, body in pending:
            result.extend(whatsapp.parse_raw_body(bytes(body), f"webhook body {row_id}"))
        ids = [row_id for row_id, _ in pending]
        now = utc_iso(desk.clock.now())

        def mark(
            session: Session, _report: IngestReport, ids: list[int] = ids, now: str = now
        ) -> None:
            session.execute(
                update(WebhookInbox)
                .where(WebhookInbox.id.in_(ids))
                .values(processed=True, processed_at=now)
            )

        report = desk.inbox.ingest(
            incident_id,
            result,
            source=f"webhook bodies {ids[0]}–{ids[-1]}",
            format="whatsapp-webhook",
            kind="intake.webhook",
            extra={"bodies": len(ids), "first_body": ids[0], "last_body": ids[-1]},
            also=mark,
        )
        bodies += len(ids)
        new += report.new
        duplicate += report.duplicate
        rejected += len(report.rejected)
    return DrainResult(bodies, new, duplicate, rejected)


class WebhookServer:
    """The HTTP server plus its processor thread; ``serve_forever`` blocks."""

    def __init__(
        self,
        desk: Desk,
        incident_id: int,
        host: str = "127.0.0.1",
        port: int = 8080,
        *,
        interval: float = 0.5,
    ) -> None:
        app_secret = desk.secrets.get(APP_SECRET)
        if not app_secret:
            raise CrisisDeskError(
                f"no WhatsApp app secret in the keyring: run `crisisdesk secrets set {APP_SECRET}`"
            )
        self.desk = desk
        self.incident_id = incident_id
        desk.incidents.get(incident_id)  # a missing incident fails now, not on the first POST
        self.app_secret = app_secret
        self.verify_token = desk.secrets.get(VERIFY_TOKEN) or ""
        self.interval = interval
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.errors: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 30  # a client trickling its request cannot hold a thread for ever

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, status: int, text: str) -> None:
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                params = parse_qs(urlsplit(self.path).query)
                answer = answer_handshake(params, server.verify_token)
                self._answer(answer.status, answer.body)

            def do_POST(self) -> None:
                length = self.headers.get("Content-Length")
                if length is None or not length.isdigit():
                    self._answer(411, "Content-Length required")
                    return
                if int(length) > MAX_BODY:
                    self._answer(413, "body too large")
                    self.close_connection = True
                    return
                body = self.rfile.read(int(length))
                signature = self.headers.get(HEADER)
                try:
                    check_signature(body, signature, server.app_secret)
                except SignatureError as exc:
                    self._answer(401, str(exc))
                    return
                try:
                    store_body(server.desk, server.incident_id, body, signature)
                except CrisisDeskError as exc:
                    self._answer(503, f"not stored: {exc}")
                    return
                self._answer(200, "EVENT_RECEIVED")
                server.wake.set()

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.httpd.server_address[:2]
        return str(host), int(port)

    def _process_loop(self) -> None:
        while not self.stopping.is_set():
            self.wake.wait(self.interval)
            self.wake.clear()
            try:
                drain(self.desk, self.incident_id)
            except CrisisDeskError as exc:
                self.errors.append(str(exc))

    def serve_forever(self) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        from crisisdesk.intake.overdue import OverdueJob

        drain(self.desk, self.incident_id)  # what a previous run accepted but did not process
        worker = threading.Thread(target=self._process_loop, name="webhook-processor", daemon=True)
        worker.start()
        scheduler = BackgroundScheduler(timezone="UTC")
        OverdueJob(self.desk, self.incident_id).start(scheduler)
        scheduler.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            scheduler.shutdown(wait=False)
            self.stopping.set()
            self.wake.set()
            worker.join(timeout=30)
            self.httpd.server_close()
            drain(self.desk, self.incident_id)

    def shutdown(self) -> None:
        self.httpd.shutdown()


__all__ = [
    "APP_SECRET",
    "VERIFY_TOKEN",
    "DrainResult",
    "WebhookServer",
    "drain",
    "pending_count",
    "store_body",
]
