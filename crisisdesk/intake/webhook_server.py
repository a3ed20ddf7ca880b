"""``crisisdesk webhook serve``: the WhatsApp Cloud API webhook, served by waitress.

A POST is answered 200 only after its raw body is committed to ``webhook_inbox``: if the
process dies a moment later, the body is still there and the next start (or ``webhook
drain``) turns it into interactions. The signature (``X-Hub-Signature-256``, HMAC of the raw
body with the app secret) is checked before anything is stored; the ``hub.challenge``
handshake uses the verify token. Both secrets come from the keyring. A processor thread
takes pending bodies in batches — one decision per batch — so the HTTP threads only append.

Waitress (a maintained WSGI server for Windows and Linux) reads requests on one event loop
and hands whole requests to a bounded pool of threads, so a burst of a thousand connections
costs sockets, not threads; the standard library's ThreadingHTTPServer started one thread per
connection and its own documentation advises against it in production.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from waitress import wasyncore
from waitress.server import create_server

from crisisdesk.clock import utc_iso
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.parsers import whatsapp
from crisisdesk.intake.parsers.base import ParseResult, Rejection, describe_error, one_line
from crisisdesk.intake.quarantine import WEBHOOK_FORMAT
from crisisdesk.intake.store import IngestReport
from crisisdesk.intake.webhook_signature import (
    HEADER,
    SignatureError,
    answer_handshake,
    check_signature,
)
from crisisdesk.log.kinds import Kind
from crisisdesk.storage.models import WebhookInbox

if TYPE_CHECKING:
    from crisisdesk.intake.inbox import InboxService
    from crisisdesk.kernel import Kernel

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


def pending_count(desk: Kernel) -> int:
    with desk.db.read() as session:
        return int(
            session.scalar(
                select(func.count(WebhookInbox.id)).where(WebhookInbox.processed.is_(False))
            )
            or 0
        )


def store_body(desk: Kernel, incident_id: int, body: bytes, signature: str | None) -> int:
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


def _parse_bodies(pending: list[tuple[int, bytes]]) -> ParseResult:
    """Parse each body on its own; whatever one body holds, it cannot stop the others."""
    result = ParseResult()
    for row_id, body in pending:
        where = f"webhook body {row_id}"
        try:
            parsed = whatsapp.parse_raw_body(body, where)
        except Exception as exc:  # the parser is total; this is the last net, not the plan
            parsed = ParseResult()
            parsed.reject(where, describe_error(exc))
        for rejection in parsed.rejected:
            # the quarantine keeps the whole body: it is what a retry parses again
            result.rejected.append(Rejection(rejection.where, rejection.reason, body))
        result.messages.extend(parsed.messages)
        result.warnings.extend(parsed.warnings)
    return result


def _ingest_bodies(
    inbox: InboxService, incident_id: int, pending: list[tuple[int, bytes]]
) -> IngestReport:
    desk = inbox.desk
    """Store one batch of bodies and mark them processed, in one transaction and decision."""
    ids = [row_id for row_id, _ in pending]
    now = utc_iso(desk.clock.now())

    def mark(session: Session, _report: IngestReport) -> None:
        session.execute(
            update(WebhookInbox)
            .where(WebhookInbox.id.in_(ids))
            .values(processed=True, processed_at=now)
        )

    return inbox.ingest(
        incident_id,
        _parse_bodies(pending),
        source=f"webhook bodies {ids[0]}–{ids[-1]}",
        format=WEBHOOK_FORMAT,
        kind=Kind.INTAKE_WEBHOOK,
        extra={"bodies": len(ids), "first_body": ids[0], "last_body": ids[-1]},
        also=mark,
    )


def _set_aside_body(
    inbox: InboxService, incident_id: int, row_id: int, body: bytes, reason: str
) -> None:
    desk = inbox.desk
    """A body whose batch could not be stored even alone: quarantine it, mark it processed."""
    result = ParseResult()
    result.reject(f"webhook body {row_id}", f"could not be stored: {reason}", body)
    now = utc_iso(desk.clock.now())

    def mark(session: Session, _report: IngestReport) -> None:
        session.execute(
            update(WebhookInbox)
            .where(WebhookInbox.id == row_id)
            .values(processed=True, processed_at=now, error=one_line(reason))
        )

    inbox.ingest(
        incident_id,
        result,
        source=f"webhook body {row_id}",
        format=WEBHOOK_FORMAT,
        kind=Kind.INTAKE_WEBHOOK,
        extra={"bodies": 1, "first_body": row_id, "last_body": row_id},
        also=mark,
    )


class _Pending:
    """One body waiting for the group commit; ``done`` is set once it is durable (or not)."""

    __slots__ = ("body", "done", "error", "signature")

    def __init__(self, body: bytes, signature: str | None) -> None:
        self.body, self.signature = body, signature
        self.done = threading.Event()
        self.error: str | None = None


class BodyWriter:
    """Group commit of received bodies: one writer thread commits every body that arrived
    meanwhile in ONE durable transaction, then releases their answers.

    During a burst, each POST no longer waits for a commit of its own behind all the others
    (one fsync each): a few hundred bodies share one. Still, no POST is answered 200 before
    its body is committed.
    """

    MAX_GROUP = 500

    def __init__(self, desk: Kernel, incident_id: int) -> None:
        self.desk, self.incident_id = desk, incident_id
        self.queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="webhook-writer", daemon=True)
        self.thread.start()

    def store(self, body: bytes, signature: str | None, timeout: float = 30) -> None:
        """Block until ``body`` is committed; raise ``CrisisDeskError`` if it was not."""
        item = _Pending(body, signature)
        self.queue.put(item)
        if not item.done.wait(timeout):
            raise CrisisDeskError("the database did not take the body in time")
        if item.error is not None:
            raise CrisisDeskError(item.error)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            first = self.queue.get()
            if first is None:
                return
            group = [first]
            stop = False
            while len(group) < self.MAX_GROUP:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                group.append(item)
            try:
                with self.desk.db.write() as session:
                    now = utc_iso(self.desk.clock.now())
                    session.add_all(
                        WebhookInbox(
                            incident_id=self.incident_id,
                            source="whatsapp",
                            received_at=now,
                            body=item.body,
                            signature=item.signature,
                            processed=False,
                        )
                        for item in group
                    )
            except Exception as exc:  # every body of the group is answered 503, none is lost
                for item in group:
                    item.error = describe_error(exc)
            for item in group:
                item.done.set()
            if stop:
                return


def drain(inbox: InboxService, incident_id: int, *, batch: int = BATCH) -> DrainResult:
    """Turn every pending body into interactions; one decision per batch of bodies.

    Never stops on a body: a body that cannot be read is set aside with its reason; a batch
    that cannot be stored is tried body by body, and a body that fails alone is set aside.
    """
    desk = inbox.desk
    bodies = new = duplicate = rejected = 0
    with desk.db.read() as session:
        # what arrives while this drain runs waits for the next cycle: one decision a cycle
        last = session.scalar(
            select(func.max(WebhookInbox.id)).where(
                WebhookInbox.processed.is_(False), WebhookInbox.incident_id == incident_id
            )
        )
    while last is not None:
        with desk.db.read() as session:
            pending = [
                (row_id, bytes(body))
                for row_id, body in session.execute(
                    select(WebhookInbox.id, WebhookInbox.body)
                    .where(
                        WebhookInbox.processed.is_(False),
                        WebhookInbox.incident_id == incident_id,
                        WebhookInbox.id <= last,
                    )
                    .order_by(WebhookInbox.id)
                    .limit(batch)
                )
            ]
        if not pending:
            break
        try:
            reports = [_ingest_bodies(inbox, incident_id, pending)]
        except CrisisDeskError:
            raise  # no permission, no incident: nothing body by body would change that
        except Exception:
            reports = []
            for row_id, body in pending:
                try:
                    reports.append(_ingest_bodies(inbox, incident_id, [(row_id, body)]))
                except CrisisDeskError:
                    raise
                except Exception as exc:
                    _set_aside_body(inbox, incident_id, row_id, body, describe_error(exc))
                    rejected += 1
        bodies += len(pending)
        for report in reports:
            new += report.new
            duplicate += report.duplicate
            rejected += len(report.rejected)
    return DrainResult(bodies, new, duplicate, rejected)


# waitress settings: a burst of Meta's retries must not find the door shut
BACKLOG = 2048  # connections the OS queues before waitress accepts them
CONNECTION_LIMIT = 4096  # open connections at once (waitress's default is 100)
THREADS = 64  # the bounded pool: requests waiting for the group commit hold one each
CHANNEL_TIMEOUT = 30  # a client trickling its request cannot hold a connection for ever

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
            405: "Method Not Allowed", 411: "Length Required", 413: "Payload Too Large",
            503: "Service Unavailable"}  # fmt: skip


def _answer(start_response: StartResponse, status: int, text: str) -> Iterable[bytes]:
    data = text.encode("utf-8")
    start_response(
        f"{status} {_REASONS.get(status, 'Error')}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]


class WebhookServer:
    """The HTTP server plus its processor thread; ``serve_forever`` blocks."""

    def __init__(
        self,
        inbox: InboxService,
        incident_id: int,
        host: str = "127.0.0.1",
        port: int = 8080,
        *,
        interval: float = 0.5,
        cycle: float = 1.0,
        threads: int = THREADS,
        processor_process: bool = False,
    ) -> None:
        """``processor_process``: turn bodies into interactions in a child process (what
        ``webhook serve`` does), so answering POSTs never waits for the interpreter lock;
        otherwise on a thread of this process."""
        desk = inbox.desk
        self.inbox = inbox
        app_secret = desk.secrets.get(APP_SECRET)
        if not app_secret:
            raise CrisisDeskError(
                f"no WhatsApp app secret in the keyring: run `crisisdesk secrets set {APP_SECRET}`"
            )
        self.desk = desk
        self.incident_id = incident_id
        inbox.incidents.get(incident_id)  # a missing incident fails now, not on the first POST
        self.app_secret = app_secret
        self.verify_token = desk.secrets.get(VERIFY_TOKEN) or ""
        self.interval = interval
        self.cycle = cycle
        self.restarts = 0  # unexpected errors the processor survived
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.errors: list[str] = []
        self.processor_process = processor_process
        self.processor: Any = None  # the ProcessorProcess, when there is one
        self.writer = BodyWriter(desk, incident_id)
        self.httpd: Any = create_server(
            self.app,
            host=host,
            port=port,
            threads=threads,
            backlog=BACKLOG,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=CHANNEL_TIMEOUT,
            max_request_body_size=MAX_BODY,
            ident="CrisisDesk",
            expose_tracebacks=False,
            clear_untrusted_proxy_headers=True,
            asyncore_use_poll=True,  # select() stops at descriptor 1024 (poll where there is one)
        )

    def app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI application: the verify-token handshake (GET) and signed bodies (POST).

        Waitress has already refused a malformed or too large ``Content-Length`` (400, 413)
        and read the whole body before this runs.
        """
        method = environ.get("REQUEST_METHOD", "")
        if method == "GET":
            params = parse_qs(environ.get("QUERY_STRING", ""))
            handshake = answer_handshake(params, self.verify_token)
            return _answer(start_response, handshake.status, handshake.body)
        if method != "POST":
            return _answer(start_response, 405, "only GET and POST")
        length = environ.get("CONTENT_LENGTH") or ""
        if not length:
            return _answer(start_response, 411, "Content-Length required")
        if int(length) > MAX_BODY:
            return _answer(start_response, 413, "body too large")
        body = environ["wsgi.input"].read(int(length))
        signature = environ.get("HTTP_" + HEADER.upper().replace("-", "_"))
        try:
            check_signature(body, signature, self.app_secret)
        except SignatureError as exc:
            return _answer(start_response, 401, str(exc))
        try:
            self.writer.store(body, signature)
        except CrisisDeskError as exc:
            return _answer(start_response, 503, f"not stored: {exc}")
        self.wake.set()
        return _answer(start_response, 200, "EVENT_RECEIVED")

    @property
    def address(self) -> tuple[str, int]:
        return str(self.httpd.effective_host), int(self.httpd.effective_port)

    def _process_loop(self) -> None:
        """Drain what arrived, at most once per ``cycle``: one decision per cycle, not per POST.

        Supervised: an unexpected error is counted, kept (last 100) and the loop goes on after
        a pause that grows with repeated failures; it never ends the thread.
        """
        failures = 0
        while not self.stopping.is_set():
            self.wake.wait(self.interval)
            self.wake.clear()
            try:
                drain(self.inbox, self.incident_id)
                failures = 0
            except Exception as exc:
                failures += 1
                self.restarts += 1
                self.errors.append(describe_error(exc))
                del self.errors[:-100]
                self.stopping.wait(min(30.0, self.cycle * 2**failures))
                continue
            self.stopping.wait(self.cycle)  # what arrives meanwhile is drained as one batch

    def _supervise_process(self) -> None:
        """Keep a processor process running: its errors are kept and counted like the
        thread's; if it ends unexpectedly it is counted and started again."""
        from crisisdesk.intake.webhook_processor import ProcessorProcess

        user = self.desk.user
        if user is None:
            self.errors.append("no signed-in user for the processor process")
            return self._process_loop()
        worker = self.processor = ProcessorProcess(
            self.desk.url, user.name, self.incident_id, self.cycle
        )
        try:
            while not self.stopping.wait(0.2):
                for error in worker.errors():
                    self.restarts += 1
                    self.errors.append(error)
                    del self.errors[:-100]
                if not worker.alive():
                    self.restarts += 1
                    self.errors.append(
                        f"the processor process ended (exit code {worker.exitcode}); started again"
                    )
                    del self.errors[:-100]
                    worker.stop(timeout=1)
                    worker = self.processor = ProcessorProcess(
                        self.desk.url, user.name, self.incident_id, self.cycle
                    )
        finally:
            worker.stop()
        return None

    def serve_forever(self) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        from crisisdesk.intake.overdue import OverdueJob

        self._drain_safely()  # what a previous run accepted but did not process
        loop = self._supervise_process if self.processor_process else self._process_loop
        worker = threading.Thread(target=loop, name="webhook-processor", daemon=True)
        worker.start()
        scheduler = BackgroundScheduler(timezone="UTC")
        OverdueJob(self.desk, self.incident_id).start(scheduler)
        scheduler.start()
        try:
            self.httpd.run()
        finally:
            scheduler.shutdown(wait=False)
            self.stopping.set()
            self.wake.set()
            worker.join(timeout=30)
            self._close_sockets()
            self.httpd.task_dispatcher.shutdown()
            self.writer.close()
            self._drain_safely()

    def _drain_safely(self) -> None:
        """A drain at start or stop; an error is kept, never a crash of ``serve``."""
        try:
            drain(self.inbox, self.incident_id)
        except Exception as exc:
            self.errors.append(describe_error(exc))

    def _close_sockets(self) -> None:
        wasyncore.close_all(self.httpd._map)

    def shutdown(self) -> None:
        """Stop ``serve_forever`` from another thread: the sockets are closed on the event
        loop's own thread (woken by waitress's trigger), which then returns."""
        self.httpd.trigger.pull_trigger(self._close_sockets)


__all__ = [
    "APP_SECRET",
    "VERIFY_TOKEN",
    "BodyWriter",
    "DrainResult",
    "WebhookServer",
    "drain",
    "pending_count",
    "store_body",
]
