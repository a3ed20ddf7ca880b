"""IMAP over TLS, resumed by UID: each poll fetches only mails with a UID above the last one seen.

UIDs are only comparable within one ``UIDVALIDITY``; when the server changes it, the mailbox is
read again from the start (storage drops the duplicates by Message-ID). Mails are fetched with
``BODY.PEEK[]`` so the poll does not mark them read for the humans sharing the mailbox. The
cursor advances after every mail, so a poll that breaks half-way resumes at the next one.
"""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from crisisdesk.clock import Clock
from crisisdesk.intake.channels import email
from crisisdesk.intake.connectors.base import PollResult


class ImapSession(Protocol):
    """The part of ``imaplib.IMAP4`` a poll uses (lets tests stand in a fake server)."""

    def login(self, user: str, password: str) -> tuple[str, list[Any]]: ...
    def select(self, mailbox: str = ..., readonly: bool = ...) -> tuple[str, list[Any]]: ...
    def response(self, code: str) -> tuple[str, list[Any]]: ...
    def uid(self, command: str, *args: str) -> tuple[str, list[Any]]: ...
    def logout(self) -> tuple[str, list[Any]]: ...


@dataclass(frozen=True, slots=True)
class ImapConfig:
    host: str
    username: str
    port: int = 993
    mailbox: str = "INBOX"
    max_messages: int = 200
    timeout: float = 30.0


def _connect_tls(config: ImapConfig) -> ImapSession:
    context = ssl.create_default_context()  # verifies the certificate and the host name
    return imaplib.IMAP4_SSL(config.host, config.port, ssl_context=context, timeout=config.timeout)


def _uidvalidity(session: ImapSession) -> int | None:
    """imaplib keeps the untagged ``[UIDVALIDITY n]`` of SELECT as ``[b"n"]``."""
    _, data = session.response("UIDVALIDITY")
    for item in data or []:
        text = item.decode("ascii", "replace") if isinstance(item, bytes) else str(item)
        if text.strip().isdigit():
            return int(text.strip())
    return None


def _message_bytes(data: list[Any]) -> bytes | None:
    for item in data:
        if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def poll_imap(
    config: ImapConfig,
    password: str,
    state: Mapping[str, Any] | None,
    *,
    clock: Clock,
    connect: Callable[[ImapConfig], ImapSession] = _connect_tls,
) -> PollResult:
    """Fetch mails newer than ``state['last_uid']`` (same ``uidvalidity``); never marks read."""
    cursor = dict(state or {})
    poll = PollResult(state=dict(cursor))
    where = f"imaps://{config.host}/{config.mailbox}"
    if not password:
        poll.error = f"{where}: no password configured"
        return poll
    try:
        session = connect(config)
    except (OSError, imaplib.IMAP4.error) as exc:
        poll.error = f"{where}: cannot connect ({' '.join(str(exc).split())})"
        return poll
    try:
        session.login(config.username, password)
        status, _ = session.select(config.mailbox, readonly=True)
        if status != "OK":
            poll.error = f"{where}: cannot open the mailbox"
            return poll
        validity = _uidvalidity(session)
        last_uid = int(cursor.get("last_uid") or 0)
        if validity is not None and cursor.get("uidvalidity") not in (None, validity):
            last_uid = 0  # the server renumbered the mailbox: read it again
        poll.state = {"uidvalidity": validity, "last_uid": last_uid}
        status, data = session.uid("SEARCH", f"UID {last_uid + 1}:*")
        poll.requests += 1
        if status != "OK":
            poll.error = f"{where}: search failed"
            return poll
        uids = sorted(int(u) for u in b" ".join(d for d in data if d).split())
        # "N:*" always matches the newest mail even when its UID is below N
        uids = [u for u in uids if u > last_uid][: config.max_messages]
        for uid in uids:
            status, fetched = session.uid("FETCH", str(uid), "(BODY.PEEK[])")
            poll.requests += 1
            raw = _message_bytes(fetched) if status == "OK" else None
            if raw is None:
                poll.result.reject(f"{where} uid {uid}", "server returned no message")
            else:
                poll.result.extend(
                    email.parse_bytes(raw, f"{where} uid {uid}", fallback_time=clock.now())
                )
            poll.state["last_uid"] = uid
    except (OSError, imaplib.IMAP4.error) as exc:
        poll.error = f"{where}: {' '.join(str(exc).split()) or type(exc).__name__}"
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            session.logout()
    return poll


__all__ = ["ImapConfig", "ImapSession", "poll_imap"]
