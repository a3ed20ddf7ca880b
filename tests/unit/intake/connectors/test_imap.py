"""IMAP polling against a stand-in session: UID resume, UIDVALIDITY change, failure mid-way."""

from __future__ import annotations

import imaplib
from email.message import EmailMessage
from typing import Any

from crisisdesk.clock import ManualClock
from crisisdesk.intake.connectors.imap import ImapConfig, ImapSession, poll_imap


def _mail(uid: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"citizen{uid}@example.sa"
    message["Subject"] = f"بلاغ {uid}"
    message["Message-ID"] = f"<u{uid}@example.sa>"
    message["Date"] = "Thu, 01 Jan 2026 09:00:00 +0300"
    message.set_content("نص البلاغ")
    return message.as_bytes()


class FakeImap:
    def __init__(self, uids: list[int], validity: int = 7, break_on: int | None = None) -> None:
        self.mails = {uid: _mail(uid) for uid in uids}
        self.validity = validity
        self.break_on = break_on
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
        if uid == self.break_on:
            raise OSError("connection reset by peer")
        return "OK", [(f"{uid} (UID {uid} BODY[] {{n}}".encode(), self.mails[uid]), b")"]

    def logout(self) -> tuple[str, list[Any]]:
        self.logged_out = True
        return "BYE", []


CONFIG = ImapConfig(host="imap.example.sa", username="media")


def _poll(fake: FakeImap, state: dict[str, Any] | None, password: str = "pw") -> Any:
    def connect(config: ImapConfig) -> ImapSession:
        return fake

    return poll_imap(CONFIG, password, state, clock=ManualClock(), connect=connect)


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
