"""``webhook serve`` keeps taking WhatsApp under poisoned bodies, odd headers and bursts.

Issue 12 finding 1 (the processor thread died and every later body waited), finding 6 (one
decision per POST) and issue 13's ``Content-Length: ²`` (a traceback and no 400).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import func, select

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.webhook_server import APP_SECRET, VERIFY_TOKEN, WebhookServer, pending_count
from crisisdesk.intake.webhook_signature import sign
from crisisdesk.storage.models import Decision
from tests.helpers.databases import make_desk, sign_in_as
from tests.unit.intake.quarantine.bodies import POISONED, good

SECRET = "app-secret-for-tests"


@pytest.fixture
def served(db_url: str) -> Iterator[tuple[Desk, WebhookServer, str]]:
    desk = make_desk(db_url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    desk.secrets.set(APP_SECRET, SECRET)
    desk.secrets.set(VERIFY_TOKEN, "verify-me")
    server = WebhookServer(desk.inbox, incident, "127.0.0.1", 0, interval=0.05, cycle=0.5)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.address
    yield desk, server, f"http://{host}:{port}/"
    server.shutdown()
    thread.join(timeout=30)
    desk.close()


def post(url: str, body: bytes) -> requests.Response:
    return requests.post(
        url, data=body, headers={"X-Hub-Signature-256": sign(body, SECRET)}, timeout=10
    )


def _wait_processed(desk: Desk, timeout: float = 30) -> None:
    ends = time.monotonic() + timeout
    while pending_count(desk) and time.monotonic() < ends:
        time.sleep(0.05)
    assert pending_count(desk) == 0, "bodies still waiting: the processor stopped"


def test_processor_lives_through_every_poisoned_body(
    served: tuple[Desk, WebhookServer, str],
) -> None:
    desk, server, url = served
    for i, case in enumerate(sorted(POISONED)):
        assert post(url, POISONED[case]).status_code == 200
        assert post(url, good(i)).status_code == 200
    _wait_processed(desk)
    assert desk.inbox.count(InboxFilters(server.incident_id)) == len(POISONED) + 1  # + surrogate
    assert len(desk.inbox.quarantine.items(server.incident_id)) == len(POISONED) - 1
    assert server.errors == [] and server.restarts == 0


def test_content_length_superscript_two_is_a_400(
    served: tuple[Desk, WebhookServer, str],
) -> None:
    _, server, _ = served
    host, port = server.address
    for value in ("²", "٣", "-1", "1e3", "99999999999999999999"):
        with socket.create_connection((host, port), timeout=10) as conn:
            request = f"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {value}\r\n\r\n".encode()
            conn.sendall(request)
            answer = conn.recv(4096).decode("latin-1")
        assert answer.startswith("HTTP/1.1 400 ") or answer.startswith("HTTP/1.1 413 "), (
            value,
            answer,
        )
    assert post(f"http://{host}:{port}/", good(1)).status_code == 200  # still serving


def test_a_burst_of_posts_is_a_few_decisions_not_one_per_post(
    served: tuple[Desk, WebhookServer, str],
) -> None:
    desk, _, url = served
    with desk.db.read() as session:
        before = session.scalar(select(func.count(Decision.seq)))
    session_ = requests.Session()
    started = time.monotonic()
    for i in range(120):
        body = good(i % 60)  # half of them re-sent duplicates
        answer = session_.post(
            url, data=body, headers={"X-Hub-Signature-256": sign(body, SECRET)}, timeout=10
        )
        assert answer.status_code == 200
    _wait_processed(desk)
    cycles = (time.monotonic() - started) / 0.5  # the server's cycle
    with desk.db.read() as session:
        after = session.scalar(select(func.count(Decision.seq)))
        kinds = sorted(session.scalars(select(Decision.kind).where(Decision.seq > before)))
    # one arrival decision per drain cycle (at most), never one per POST
    assert after - before <= min(cycles + 2, 60), (
        f"{after - before} decisions for 120 POSTs: {kinds}"
    )


def test_backlog_admits_a_burst_of_connections(served: tuple[Desk, WebhookServer, str]) -> None:
    _, server, _ = served
    host, port = server.address
    conns = [socket.create_connection((host, port), timeout=10) for _ in range(300)]
    try:
        assert len(conns) == 300
    finally:
        for conn in conns:
            conn.close()


def _status_line(conn: socket.socket) -> bytes:
    """The status line of one whole answer read from ``conn`` (b"" if it was closed)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return b""
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
    while len(rest) < length:
        chunk = conn.recv(4096)
        if not chunk:
            break
        rest += chunk
    return head.split(b"\r\n", 1)[0]


def test_a_thousand_connections_posting_at_once_on_a_bounded_pool(
    served: tuple[Desk, WebhookServer, str],
) -> None:
    """Issue 12: at least 1,000 concurrent connections without resets, served by a bounded
    worker pool (the old server started one thread per connection)."""
    desk, server, _ = served
    host, port = server.address
    threads_before = threading.active_count()
    conns = [socket.create_connection((host, port), timeout=30) for _ in range(1000)]
    peak_threads = 0
    try:
        for i, conn in enumerate(conns):  # every request is on the wire before any answer
            body = good(10_000 + i)
            conn.sendall(
                b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + f"X-Hub-Signature-256: {sign(body, SECRET)}\r\n".encode()
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            if i % 100 == 0:
                peak_threads = max(peak_threads, threading.active_count())
        answers = []
        for conn in conns:
            answers.append(_status_line(conn))
            peak_threads = max(peak_threads, threading.active_count())
    finally:
        for conn in conns:
            conn.close()
    assert answers.count(b"HTTP/1.1 200 OK") == 1000, sorted(set(answers))
    assert peak_threads - threads_before <= 100, f"{peak_threads - threads_before} new threads"
    _wait_processed(desk, timeout=120)
    assert desk.inbox.count(InboxFilters(server.incident_id)) == 1000


def test_serve_starts_with_poisoned_bodies_waiting(db_url: str) -> None:
    """As reported: after a poisoned body, ``webhook serve`` crashed on start every time."""
    from crisisdesk.intake.webhook_server import store_body

    desk = make_desk(db_url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    desk.secrets.set(APP_SECRET, SECRET)
    for case in sorted(POISONED):
        store_body(desk, incident, POISONED[case], None)
    store_body(desk, incident, good(1), None)
    server = WebhookServer(desk.inbox, incident, "127.0.0.1", 0, interval=0.05, cycle=0.2)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.address
        assert post(f"http://{host}:{port}/", good(2)).status_code == 200
        _wait_processed(desk)
        assert thread.is_alive() and server.errors == []
        assert desk.inbox.count(InboxFilters(incident)) == 3  # two good ones + the surrogate
    finally:
        server.shutdown()
        thread.join(timeout=30)
        desk.close()


def test_the_processor_process_takes_bodies_and_is_started_again_if_killed(db_url: str) -> None:
    """``webhook serve`` turns bodies into interactions in a child process (answering POSTs
    then never waits for the interpreter lock); a processor killed mid-run is counted and
    started again, and nothing waiting is lost."""
    import os
    import signal

    desk = make_desk(db_url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    desk.secrets.set(APP_SECRET, SECRET)
    server = WebhookServer(desk.inbox, incident, "127.0.0.1", 0, cycle=0.2, processor_process=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.address
        url = f"http://{host}:{port}/"
        for i in range(5):
            assert post(url, good(i)).status_code == 200
        _wait_processed(desk, timeout=120)
        assert desk.inbox.count(InboxFilters(incident)) == 5
        first = server.processor
        assert first is not None and first.process.pid != os.getpid()
        os.kill(first.process.pid, signal.SIGKILL)
        for i in range(5, 10):
            assert post(url, good(i)).status_code == 200  # answered while it is down
        _wait_processed(desk, timeout=120)
        assert desk.inbox.count(InboxFilters(incident)) == 10
        assert server.restarts >= 1 and server.processor is not first
        assert any("processor process ended" in e for e in server.errors)
    finally:
        server.shutdown()
        thread.join(timeout=60)
        desk.close()
