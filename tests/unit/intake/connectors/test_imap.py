"""IMAP polling against a stand-in session: UID resume, UIDVALIDITY change, failure mid-way,
the batch cap, the deadline checked between mails, and the settings a connector stores."""

from __future__ import annotations

import imaplib
import time
from email.message import EmailMessage
from typing import Any

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.connectors.imap import ImapConfig, ImapSession, PollDeadline, poll_imap


def _mail(uid: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"citizen{uid}@example.sa"
    message["Subject"] = f"بلاغ {uid}"
    message["Message-ID"] = f"<u{uid}@example.sa>"
    message["Date"] = "Thu, 01 Jan 2026 09:00:00 +0300"
    message.set_content("نص البلاغ")
    return message.as_bytes()


class FakeImap:
    def __init__(
        self, uids: list[int], validity: int = 7, break_on: int | None = None, slow: float = 0.0
    ) -> None:
        self.mails = {uid: _mail(uid) for uid in uids}
        self.validity = validity
        self.break_on = break_on
        self.slow = slow  # seconds each FETCH takes
        self.fetched: list[str] = []
        self.logged_out = False
        self.readonly: bool | None = None

    def login(self, user: str, password: str) -> tuple[str, list[Any]]:
        if password != "pw":
            raise imaplib.IMAP4.error("[AUTHENTICATIONFAILED] Invalid credentials")
        return "OK", [b"logged in"]

    def select(self, mailbox: str = "INBOX", readonly: bool = False) -> tuple[str, list[Any]]:
        self.readonly = readonly
        return "OK", [str(len(self.mails)).encode()]

    def response(self, code: str) -> tuple[str, list[Any]]:
        return code, [str(self.validity).encode()]

    def uid(self, command: str, *args: str) -> tuple[str, list[Any]]:
        if command == "SEARCH":
            low = int(args[0].split()[1].split(":")[0])
            found = [u for u in sorted(self.mails) if u >= low] or [max(self.mails)]
            return "OK", [" ".join(map(str, found)).encode()]
        uid = int(args[0])
        self.fetched.append(args[1])
        time.sleep(self.slow)
        if uid == self.break_on:
            raise OSError("connection reset by peer")
        return "OK", [(f"{uid} (UID {uid} BODY[] {{n}}".encode(), self.mails[uid]), b")"]

    def logout(self) -> tuple[str, list[Any]]:
        self.logged_out = True
        return "BYE", []


CONFIG = ImapConfig(host="imap.example.sa", username="media")


def _poll(
    fake: FakeImap, state: dict[str, Any] | None, password: str = "pw", config: ImapConfig = CONFIG
) -> Any:
    def connect(config: ImapConfig, deadline: PollDeadline) -> ImapSession:
        return fake

    return poll_imap(config, password, state, clock=ManualClock(), connect=connect)


def test_uid_resume_fetches_only_new_mail_without_marking_read() -> None:
    fake = FakeImap([3, 5, 8])
    first = _poll(fake, None)
    assert first.ok and [m.external_id for m in first.result.messages] == [
        "u3@example.sa",
        "u5@example.sa",
        "u8@example.sa",
    ]
    assert first.state == {"uidvalidity": 7, "last_uid": 8}
    assert fake.readonly is True and set(fake.fetched) == {"(BODY.PEEK[])"} and fake.logged_out
    quiet = _poll(fake, first.state)  # the server answers "9:*" with UID 8 again
    assert quiet.ok and quiet.result.messages == [] and quiet.state == first.state
    fake.mails[12] = _mail(12)
    assert [m.external_id for m in _poll(fake, first.state).result.messages] == ["u12@example.sa"]


def test_uidvalidity_change_rereads_the_mailbox() -> None:
    fake = FakeImap([1, 2], validity=99)
    poll = _poll(fake, {"uidvalidity": 7, "last_uid": 50})
    assert len(poll.result.messages) == 2 and poll.state == {"uidvalidity": 99, "last_uid": 2}


def test_break_half_way_keeps_what_landed_and_resumes_after_it() -> None:
    fake = FakeImap([1, 2, 3], break_on=3)
    broken = _poll(fake, None)
    assert broken.error is not None and "connection reset" in broken.error
    assert [m.external_id for m in broken.result.messages] == ["u1@example.sa", "u2@example.sa"]
    assert broken.state["last_uid"] == 2
    fake.break_on = None
    resumed = _poll(fake, broken.state)
    assert [m.external_id for m in resumed.result.messages] == ["u3@example.sa"]


def test_bad_password_and_missing_password_are_one_line() -> None:
    fake = FakeImap([1])
    assert (
        _poll(fake, None, password="").error
        == "imaps://imap.example.sa/INBOX: no password configured"
    )
    failed = _poll(fake, {"last_uid": 0}, password="wrong")
    assert failed.error is not None and "AUTHENTICATIONFAILED" in failed.error
    assert failed.state == {"last_uid": 0}


def test_batch_caps_one_poll_and_the_next_resumes_after_it() -> None:
    fake = FakeImap([2, 4, 6, 8, 10])
    config = ImapConfig(host="imap.example.sa", username="media", batch=2)
    polls = [_poll(fake, None, config=config)]
    while polls[-1].result.messages:
        polls.append(_poll(fake, polls[-1].state, config=config))
    assert [[m.external_id for m in p.result.messages] for p in polls] == [
        ["u2@example.sa", "u4@example.sa"],
        ["u6@example.sa", "u8@example.sa"],
        ["u10@example.sa"],
        [],
    ]
    assert all(p.ok for p in polls) and polls[-1].state == {"uidvalidity": 7, "last_uid": 10}


def test_past_the_deadline_the_poll_stops_between_mails_and_keeps_them() -> None:
    fake = FakeImap([1, 2, 3, 4], slow=0.3)  # a stand-in ignores socket timeouts
    config = ImapConfig(host="imap.example.sa", username="media", deadline=0.5)
    started = time.monotonic()
    stopped = _poll(fake, None, config=config)
    assert time.monotonic() - started < 1.0
    assert stopped.error == (
        "imaps://imap.example.sa/INBOX: not finished within the 0.5 s deadline"
        " (stopped before fetching UID 3; 2 mail(s) kept, the next poll resumes after UID 2)"
    )
    assert len(stopped.result.messages) == 2 and stopped.state["last_uid"] == 2
    assert len(fake.fetched) == 2 and fake.logged_out


def test_settings_from_connector_add_become_the_config() -> None:
    assert ImapConfig.from_settings({"host": "imap.example.sa", "username": "media"}) == ImapConfig(
        host="imap.example.sa", username="media", port=993, batch=200, timeout=30.0, deadline=120.0
    )
    stored = {"host": " imap.example.sa ", "port": "1993", "deadline": "45.5", "batch": "50"}
    config = ImapConfig.from_settings(stored | {"timeout": "10", "mailbox": "Reports"})
    assert (config.host, config.port, config.mailbox) == ("imap.example.sa", 1993, "Reports")
    assert (config.timeout, config.deadline, config.batch) == (10.0, 45.5, 50)
    assert ImapConfig.from_settings({"host": "h", "deadline": "", "batch": None}).deadline == 120.0
    for key, value in [("deadline", "-1"), ("timeout", "inf"), ("batch", "0"), ("port", "x")]:
        with pytest.raises(CrisisDeskError, match=f"IMAP {key} must be"):
            ImapConfig.from_settings({"host": "h", key: value})
