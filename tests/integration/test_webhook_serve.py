"""``webhook serve`` on 127.0.0.1: handshake, signatures, bad bodies, repeats, kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.webhook_server import APP_SECRET, VERIFY_TOKEN, WebhookServer, pending_count
from crisisdesk.intake.webhook_signature import sign
from crisisdesk.storage.models import Interaction, InteractionEvent, WebhookInbox
from tests.helpers.cli import PROJECT_ROOT, cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as

SECRET = "app-secret-for-tests"


def body_for(i: int, *, kind: str = "text", refers_to: str | None = None) -> bytes:
    message: dict[str, object] = {
        "id": f"wamid.test{i}",
        "from": "966500000001",
        "timestamp": str(1795000000 + i),
        "type": kind,
    }
    if kind == "text":
        message["text"] = {"body": f"رسالة رقم {i} عن تجمع مياه في حي الفيصلية"}
    if kind == "edit":
        message["edit"] = {
            "original_message_id": refers_to,
            "message": {"type": "text", "text": {"body": "نص معدل"}},
        }
    document = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"phone_number_id": "111"},
                            "contacts": [{"wa_id": "966500000001", "profile": {"name": "م"}}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def post(url: str, body: bytes, signature: str | None = None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    headers["X-Hub-Signature-256"] = signature if signature is not None else sign(body, SECRET)
    return requests.post(url, data=body, headers=headers, timeout=10)


@pytest.fixture
def served(db_url: str) -> Iterator[tuple[Desk, WebhookServer, str]]:
    desk = make_desk(db_url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    sign_in_as(desk, "operator")
    desk.secrets.set(APP_SECRET, SECRET)
    desk.secrets.set(VERIFY_TOKEN, "verify-me")
    server = WebhookServer(desk.inbox, incident, "127.0.0.1", 0, interval=0.05)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.address
    yield desk, server, f"http://{host}:{port}/"
    server.shutdown()
    thread.join(timeout=30)
    desk.close()


def _wait_processed(desk: Desk, timeout: float = 20) -> None:
    ends = time.monotonic() + timeout
    while pending_count(desk) and time.monotonic() < ends:
        time.sleep(0.05)
    assert pending_count(desk) == 0


def test_handshake(served: tuple[Desk, WebhookServer, str]) -> None:
    _, _, url = served
    ok = requests.get(
        url,
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": "verify-me",
            "hub.challenge": "1158201444",
        },
        timeout=5,
    )
    assert (ok.status_code, ok.text) == (200, "1158201444")
    bad = requests.get(
        url,
        params={"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        timeout=5,
    )
    assert bad.status_code == 403


def test_signatures_bad_bodies_repeats_and_order(served: tuple[Desk, WebhookServer, str]) -> None:
    desk, server, url = served
    assert post(url, body_for(1), signature="sha256=" + "0" * 64).status_code == 401
    assert post(url, body_for(1), signature="").status_code == 401
    assert post(url, body_for(1), signature=sign(body_for(2), SECRET)).status_code == 401
    with desk.db.read() as session:
        assert session.scalar(select(func.count(WebhookInbox.id))) == 0  # nothing unsigned kept
    # an edit before its message, the message twice, then malformed JSON (signed)
    assert post(url, body_for(90, kind="edit", refers_to="wamid.test7")).status_code == 200
    assert post(url, body_for(7)).status_code == 200
    assert post(url, body_for(7)).status_code == 200
    assert post(url, b'{"object": "whatsapp_business_account", "entry": [').status_code == 200
    _wait_processed(desk)
    incident = server.incident_id
    assert desk.inbox.count(InboxFilters(incident)) == 1
    with desk.db.read() as session:
        row = session.scalars(select(Interaction)).one()
        assert row.edited_text == "نص معدل"
        assert session.scalar(select(func.count(InteractionEvent.id))) == 1
        bodies = session.scalars(select(WebhookInbox)).all()
        assert len(bodies) == 4 and all(b.processed for b in bodies)
    assert server.errors == []


# ------------------------------------------------------------------------ kill -9


def test_kill_9_while_receiving_loses_nothing_answered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    desk = make_desk(url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول", 2, playbook_id="flood-urban").id
    desk.close()
    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    for name, value in ((APP_SECRET, SECRET), (VERIFY_TOKEN, "v")):
        done = run_cli(
            ["--db", url, "--as", "admin", "secrets", "set", name], env, stdin=value + "\n"
        )
        assert done.returncode == 0, done.stderr
    errors = (tmp_path / "serve.err").open("w")
    child = subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", url, "--as", "olfa", "webhook", "serve",
         "--incident", str(incident), "--port", "0"],
        env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=errors, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("listening on "), (tmp_path / "serve.err").read_text()
        base = line.split()[2]
        answered: list[int] = []
        lock = threading.Lock()

        def client(start: int) -> None:
            session = requests.Session()
            for i in range(start, 1000, 4):
                body = body_for(i)
                try:
                    response = session.post(
                        base, data=body, timeout=10,
                        headers={"X-Hub-Signature-256": sign(body, SECRET)},
                    )  # fmt: skip
                except requests.RequestException:
                    return  # the server is gone
                if response.status_code == 200:
                    with lock:
                        answered.append(i)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        while True:
            with lock:
                if len(answered) >= 300:
                    break
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        for t in threads:
            t.join(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
        errors.close()
    assert 300 <= len(answered) < 1000
    restarted = run_cli(
        ["--db", url, "--as", "olfa", "webhook", "drain", "--incident", str(incident)], env
    )
    assert restarted.returncode == 0, restarted.stderr
    desk = Desk.open(url)
    try:
        with desk.db.read() as session:
            stored = set(session.scalars(select(Interaction.external_id)))
            duplicates = session.scalar(
                select(func.count(Interaction.id) - func.count(Interaction.external_id.distinct()))
            )
        missing = {f"wamid.test{i}" for i in answered} - stored
        assert not missing, f"{len(missing)} answered messages lost"
        assert duplicates == 0
        assert pending_count(desk) == 0
    finally:
        desk.close()
