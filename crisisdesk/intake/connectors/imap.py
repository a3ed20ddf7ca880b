"""IMAP over TLS, resumed by UID: each poll fetches only mails with a UID above the last one seen.

UIDs are only comparable within one ``UIDVALIDITY``; when the server changes it, the mailbox is
read again from the start (storage drops the duplicates by Message-ID). Mails are fetched with
``BODY.PEEK[]`` so the poll does not mark them read for the humans sharing the mailbox. The
cursor advances after every mail, so a poll that breaks half-way resumes at the next one.

A poll is bounded twice. ``batch`` caps the mails one poll fetches (a mailbox with thousands
waiting is read over several polls, each resuming from the cursor). ``deadline`` bounds the whole
poll: a socket timeout alone bounds one read, and a server trickling a byte every few seconds
never trips it. So every socket operation — connect, TLS handshake, each read, each write — waits
at most ``min(timeout, time left)``, reads go through a reader that re-arms that timeout before
every ``recv``, and the poll checks the clock between mails. Past the deadline the poll keeps the
mails it fetched whole (the cursor points just after the last of them), closes the connection
without waiting for a ``LOGOUT`` answer, and reports one line naming the host and the deadline.
"""

from __future__ import annotations

import contextlib
import imaplib
import io
import math
import socket
import ssl
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from crisisdesk.clock import Clock
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.connectors.base import PollResult
from crisisdesk.intake.parsers import email

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

IMAPS_PORT = 993
DEFAULT_BATCH = 200
DEFAULT_TIMEOUT = 30.0
DEFAULT_DEADLINE = 120.0
_MAX_LINE = 1_000_000  # as imaplib: a longer response line is refused, not buffered for ever
# A socket timeout cut to the time left may fire a hair before the deadline by the clock.
_SLACK = 0.05


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
    port: int = IMAPS_PORT
    mailbox: str = "INBOX"
    batch: int = DEFAULT_BATCH  # mails one poll fetches at most; the next resumes after them
    timeout: float = DEFAULT_TIMEOUT  # one socket operation (connect, handshake, read, write)
    deadline: float = DEFAULT_DEADLINE  # the whole poll, however slowly the server answers

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> ImapConfig:
        """From a connector's stored settings (``connector add --set K=V`` keeps strings).

        Empty or missing values take the defaults; a bad number is a one-line error naming it.
        """
        return cls(
            host=str(settings.get("host") or "").strip(),
            username=str(settings.get("username") or ""),
            port=int(_number(settings, "port", IMAPS_PORT, whole=True, upper=65535)),
            mailbox=str(settings.get("mailbox") or "INBOX"),
            batch=int(_number(settings, "batch", DEFAULT_BATCH, whole=True)),
            timeout=_number(settings, "timeout", DEFAULT_TIMEOUT, whole=False),
            deadline=_number(settings, "deadline", DEFAULT_DEADLINE, whole=False),
        )


def _number(
    settings: Mapping[str, Any], key: str, default: float, *, whole: bool, upper: float = math.inf
) -> float:
    raw = settings.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    what = "a whole number" if whole else "a number of seconds"
    limit = f" up to {upper:g}" if math.isfinite(upper) else ""
    problem = f"IMAP {key} must be {what} above 0{limit}, not {raw!r}"
    try:
        value = (int if whole else float)(raw.strip() if isinstance(raw, str) else raw)
    except (TypeError, ValueError):
        raise CrisisDeskError(problem) from None
    if not (0 < value <= upper and math.isfinite(value)):
        raise CrisisDeskError(problem)
    return value


class DeadlinePassed(TimeoutError):
    """The poll's total deadline passed before the server finished answering."""


class PollDeadline:
    """The end of one poll on the monotonic clock, and the socket timeout left before it."""

    def __init__(self, seconds: float, timeout: float) -> None:
        self.seconds = seconds
        self.timeout = timeout
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.left() <= _SLACK

    def socket_timeout(self) -> float:
        """``min(timeout, time left)``; ``DeadlinePassed`` when nothing is left."""
        left = self.left()
        if left <= 0:
            raise DeadlinePassed(f"not finished within the {self.seconds:g} s deadline")
        return min(self.timeout, left)


class _DeadlineSocketReader(io.RawIOBase):
    """Raw reads from the socket, each one waiting at most what is left of the deadline."""

    def __init__(self, sock: socket.socket, deadline: PollDeadline) -> None:
        super().__init__()
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._deadline.socket_timeout())
        return self._sock.recv_into(buffer)


class DeadlineIMAP4SSL(imaplib.IMAP4_SSL):
    """``IMAP4_SSL`` whose every socket operation waits at most ``min(timeout, time left)``.

    ``read``, ``readline``, ``send`` and ``open`` are the methods imaplib documents as the
    ones to override; reads go through a buffer over ``_DeadlineSocketReader`` so a response
    trickling in byte by byte still stops at the deadline. ``logout`` always closes the socket.
    """

    _reader: io.BufferedReader  # set by ``open``, which ``IMAP4.__init__`` calls

    def __init__(
        self, config: ImapConfig, deadline: PollDeadline, ssl_context: ssl.SSLContext
    ) -> None:
        self._deadline = deadline
        self._context = ssl_context
        self._closed = False
        super().__init__(
            config.host, config.port, ssl_context=ssl_context, timeout=deadline.socket_timeout()
        )

    def _create_socket(self, timeout: float | None) -> ssl.SSLSocket:
        """Called by ``IMAP4.open``: connect, then a handshake bounded by what is left."""
        sys.audit("imaplib.open", self, self.host, self.port)
        address = (self.host or None, self.port)
        sock = socket.create_connection(address, self._deadline.socket_timeout())
        try:
            sock.settimeout(self._deadline.socket_timeout())
            return self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise

    def open(
        self, host: str = "", port: int | None = IMAPS_PORT, timeout: float | None = None
    ) -> None:
        super().open(host, port, timeout)
        self._reader = io.BufferedReader(_DeadlineSocketReader(self.sock, self._deadline))

    def read(self, size: int) -> bytes:
        return self._reader.read(size)

    def readline(self) -> bytes:
        line = self._reader.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise self.error(f"got more than {_MAX_LINE} bytes in one line")
        return line

    def send(self, data: ReadableBuffer) -> None:
        self.sock.settimeout(self._deadline.socket_timeout())
        super().send(data)

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            super().shutdown()

    def logout(self) -> tuple[str, list[Any]]:
        """``LOGOUT`` within what is left of the deadline; the socket is closed either way."""
        try:
            typ, data = super().logout()
            return typ, data
        finally:
            self.shutdown()


def _connect_tls(config: ImapConfig, deadline: PollDeadline) -> ImapSession:
    context = ssl.create_default_context()  # verifies the certificate and the host name
    return DeadlineIMAP4SSL(config, deadline, context)


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


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _where(config: ImapConfig) -> str:
    port = "" if config.port == IMAPS_PORT else f":{config.port}"
    return f"imaps://{config.host}{port}/{config.mailbox}"


def poll_imap(
    config: ImapConfig,
    password: str,
    state: Mapping[str, Any] | None,
    *,
    clock: Clock,
    connect: Callable[[ImapConfig, PollDeadline], ImapSession] = _connect_tls,
) -> PollResult:
    """Fetch up to ``batch`` mails newer than ``state['last_uid']`` (same ``uidvalidity``)
    within ``deadline`` seconds; never marks read."""
    cursor = dict(state or {})
    poll = PollResult(state=dict(cursor))
    where = _where(config)
    if not password:
        poll.error = f"{where}: no password configured"
        return poll
    deadline = PollDeadline(config.deadline, config.timeout)
    fetched = 0

    def too_late(doing: str) -> str:
        kept = f"; {fetched} mail(s) kept" if fetched else ""
        resume = poll.state.get("last_uid")
        after = f", the next poll resumes after UID {resume}" if resume else ""
        return (
            f"{where}: not finished within the {config.deadline:g} s deadline "
            f"(stopped {doing}{kept}{after})"
        )

    try:
        session = connect(config, deadline)
    except (OSError, imaplib.IMAP4.error) as exc:
        failed = f"{where}: cannot connect ({_one_line(exc)})"
        poll.error = too_late("while connecting") if deadline.passed else failed
        return poll
    doing = "while logging in"
    try:
        session.login(config.username, password)
        doing = "while opening the mailbox"
        status, _ = session.select(config.mailbox, readonly=True)
        if status != "OK":
            poll.error = f"{where}: cannot open the mailbox"
            return poll
        validity = _uidvalidity(session)
        last_uid = int(cursor.get("last_uid") or 0)
        if validity is not None and cursor.get("uidvalidity") not in (None, validity):
            last_uid = 0  # the server renumbered the mailbox: read it again
        poll.state = {"uidvalidity": validity, "last_uid": last_uid}
        doing = "while searching for new mail"
        status, data = session.uid("SEARCH", f"UID {last_uid + 1}:*")
        poll.requests += 1
        if status != "OK":
            poll.error = f"{where}: search failed"
            return poll
        uids = sorted(int(u) for u in b" ".join(d for d in data if d).split())
        # "N:*" always matches the newest mail even when its UID is below N
        uids = [u for u in uids if u > last_uid][: config.batch]
        for uid in uids:
            if deadline.passed:  # stop between mails; what came so far is kept
                poll.error = too_late(f"before fetching UID {uid}")
                break
            doing = f"while fetching UID {uid}"
            status, fetched_data = session.uid("FETCH", str(uid), "(BODY.PEEK[])")
            poll.requests += 1
            raw = _message_bytes(fetched_data) if status == "OK" else None
            if raw is None:
                poll.result.reject(f"{where} uid {uid}", "server returned no message")
            else:
                poll.result.extend(
                    email.parse_bytes(raw, f"{where} uid {uid}", fallback_time=clock.now())
                )
            fetched += 1
            poll.state["last_uid"] = uid
    except (OSError, imaplib.IMAP4.error) as exc:
        poll.error = too_late(doing) if deadline.passed else f"{where}: {_one_line(exc)}"
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            session.logout()
    return poll


__all__ = [
    "DeadlineIMAP4SSL",
    "DeadlinePassed",
    "ImapConfig",
    "ImapSession",
    "PollDeadline",
    "poll_imap",
]
