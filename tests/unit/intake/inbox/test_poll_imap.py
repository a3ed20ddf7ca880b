"""``poll`` against a real IMAP server over TLS on 127.0.0.1: a server trickling bytes or going
silent is cut off at the poll's total deadline, what was fetched whole is kept and the cursor
points just after it, and ``batch`` spreads a full mailbox over several polls without duplicates."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.poll import PollOutcome, poll_incident
from crisisdesk.intake.rows import InboxFilters
from tests.unit.intake.connectors.imap_server import PASSWORD, USERNAME, ImapServer, imap_server
from tests.unit.intake.connectors.imap_server import mail as make_mail

DEADLINE = 2.0
MARGIN = 1.0  # a poll cut off at the deadline returns within this much after it


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ImapServer]:
    with imap_server(tmp_path) as running:
        # the connector's own verifying TLS context trusts the test CA, and only it
        monkeypatch.setenv("SSL_CERT_FILE", str(running.ca_file))
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        yield running


def _configure(desk: Desk, incident: int, server: ImapServer, **settings: str) -> None:
    desk.secrets.set("imap.password", PASSWORD)
    config = {"host": "127.0.0.1", "port": str(server.port), "username": USERNAME}
    desk.inbox.connectors.configure("mail", "imap", incident, config | settings)


def _poll(desk: Desk, incident: int) -> tuple[PollOutcome, float]:
    started = time.monotonic()
    (outcome,) = poll_incident(desk.inbox, incident)
    return outcome, time.monotonic() - started


def _stored(desk: Desk, incident: int) -> int:
    return desk.inbox.count(InboxFilters(incident, channel="email"))


@pytest.mark.parametrize("trickled", ["greeting", "FETCH"])
def test_a_server_trickling_a_byte_every_half_second_is_cut_off_at_the_deadline(
    flood: tuple[Desk, int], server: ImapServer, trickled: str
) -> None:
    desk, incident = flood
    server.mails = {1: make_mail(1), 2: make_mail(2)}
    server.trickle = {trickled}
    _configure(desk, incident, server, deadline=f"{DEADLINE:g}")  # timeout stays 30 s
    outcome, took = _poll(desk, incident)
    assert DEADLINE - 0.1 <= took < DEADLINE + MARGIN, took
    doing = "connecting" if trickled == "greeting" else "fetching UID 1"
    expected = (
        f"imaps://127.0.0.1:{server.port}/INBOX: not finished within the 2 s deadline"
        f" (stopped while {doing})"
    )
    assert outcome.error == expected and (outcome.new, outcome.rejected) == (0, 0)
    state = desk.inbox.connectors.get("mail")
    assert state is not None and state.state == "failing" and state.last_error == expected
    assert state.failures == 1 and state.cursor.get("last_uid", 0) == 0
    assert _stored(desk, incident) == 0
    # the poll closed its connection: the server's next byte finds nobody listening
    assert server.wait_for(lambda: bool(server.ends)), "the connection was left open"
    assert server.ends[0].startswith("client closed")


def test_a_server_going_silent_after_five_mails_keeps_them_and_the_next_poll_resumes(
    flood: tuple[Desk, int], server: ImapServer
) -> None:
    desk, incident = flood
    server.mails = {uid: make_mail(uid) for uid in range(1, 9)}
    server.hang_after = 5  # the sixth answer stops half-way through the mail
    _configure(desk, incident, server, deadline=f"{DEADLINE:g}")
    outcome, took = _poll(desk, incident)
    assert took < DEADLINE + MARGIN, took
    assert outcome.error == (
        f"imaps://127.0.0.1:{server.port}/INBOX: not finished within the 2 s deadline"
        " (stopped while fetching UID 6; 5 mail(s) kept, the next poll resumes after UID 5)"
    )
    assert outcome.new == 5 and _stored(desk, incident) == 5
    state = desk.inbox.connectors.get("mail")
    assert state is not None and state.state == "failing" and state.failures == 1
    assert state.cursor == {"uidvalidity": 7, "last_uid": 5}  # not past the half-read sixth
    assert server.wait_for(lambda: server.ends == ["client closed while the server hung"])

    server.hang_after = None
    resumed, _ = _poll(desk, incident)
    assert (resumed.new, resumed.duplicate, resumed.error) == (3, 0, None)
    assert server.fetched == [1, 2, 3, 4, 5, 6, 7, 8]  # nothing fetched twice
    state = desk.inbox.connectors.get("mail")
    assert state is not None and state.state == "ok" and state.failures == 0
    assert state.cursor == {"uidvalidity": 7, "last_uid": 8} and state.last_error is None
    assert _stored(desk, incident) == 8


def test_batch_spreads_a_full_mailbox_over_several_polls_without_duplicates(
    flood: tuple[Desk, int], server: ImapServer
) -> None:
    desk, incident = flood
    server.mails = {uid: make_mail(uid) for uid in range(1, 8)}
    _configure(desk, incident, server, batch="3")
    seen = []
    for expected_new, expected_cursor in ((3, 3), (3, 6), (1, 7), (0, 7)):
        outcome, _ = _poll(desk, incident)
        assert (outcome.new, outcome.duplicate, outcome.error) == (expected_new, 0, None)
        state = desk.inbox.connectors.get("mail")
        assert state is not None and state.cursor["last_uid"] == expected_cursor
        seen.append(list(server.fetched))
    assert seen == [[1, 2, 3], [1, 2, 3, 4, 5, 6], list(range(1, 8)), list(range(1, 8))]
    assert _stored(desk, incident) == 7
    assert server.ends == ["logout"] * 4


@pytest.mark.parametrize(
    ("key", "value"), [("deadline", "soon"), ("deadline", "0"), ("batch", "2.5"), ("port", "70000")]
)
def test_a_bad_imap_setting_is_refused_when_the_connector_is_added(
    flood: tuple[Desk, int], key: str, value: str
) -> None:
    desk, incident = flood
    with pytest.raises(CrisisDeskError, match=rf"^IMAP {key} must be .* not '{value}'$"):
        desk.inbox.connectors.configure(
            "mail", "imap", incident, {"host": "imap.example.sa", key: value}
        )
    assert desk.inbox.connectors.get("mail") is None
