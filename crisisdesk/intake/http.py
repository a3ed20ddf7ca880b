"""The one HTTP client every connector uses.

``requests`` timeouts bound each socket operation, not the whole call: a server that trickles a
byte a second never trips them. So every call also has a *total* deadline. The body is streamed
and the clock and a size cap are checked after every read; a watchdog shuts the socket down when
the deadline passes while headers are still trickling in; retry waits (backoff or Retry-After)
that would end past the deadline are refused instead of slept. Retries happen only for GET and
HEAD (urllib3 ``Retry``, honouring ``Retry-After`` on 429 and 503). TLS is always verified.
Every failure is one ``HttpError`` line that names the host and what went wrong — never the
query string, where a token might sit.
"""

from __future__ import annotations

import contextvars
import json
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from crisisdesk import __version__
from crisisdesk.errors import CrisisDeskError

USER_AGENT = f"CrisisDesk/{__version__}"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_READ_SIZE = 65536


class HttpError(CrisisDeskError):
    """A network call failed; the message is one line naming the host.

    ``maybe_delivered`` says the request may have reached the server before the call
    failed (no answer in time, the connection dropped mid-exchange, an unreadable answer):
    for a POST that sends something to the public, its outcome is then unknown rather than
    failed. A refused connection or a TLS failure means it never left.
    """

    def __init__(self, message: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class HttpTimeout(HttpError):
    """No connection, no answer, or not finished within the total deadline."""


class HttpTooLarge(HttpError):
    """The response body is bigger than the cap for this call."""

    def __init__(self, message: str, *, maybe_delivered: bool = True) -> None:
        super().__init__(message, maybe_delivered=maybe_delivered)  # the server answered


class HttpStatusError(HttpError):
    """The server answered with an error status (after any retries)."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)  # the server answered: it did not take the request
        self.status = status
        self.retry_after = retry_after


class HttpBadJson(HttpError):
    """The body was expected to be JSON and is not."""

    def __init__(self, message: str, *, maybe_delivered: bool = True) -> None:
        super().__init__(message, maybe_delivered=maybe_delivered)  # the server answered


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A fully read response; ``headers`` keys are lower-case."""

    status: int
    url: str
    headers: dict[str, str]
    body: bytes
    elapsed: float
    attempts: int = 1
    history: tuple[int, ...] = field(default=())

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def text(self) -> str:
        return self.body.decode(_charset(self.headers), "replace")

    def json(self) -> Any:
        """The body parsed as JSON, or ``HttpBadJson`` naming the host and the position."""
        try:
            return json.loads(self.body.decode(_charset(self.headers), "strict"))
        except UnicodeDecodeError as exc:
            raise HttpBadJson(f"{_where(self.url)}: body is not valid text ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            raise HttpBadJson(
                f"{_where(self.url)}: body is not valid JSON ({exc.msg} at line {exc.lineno}"
                f" column {exc.colno})"
            ) from exc


def _charset(headers: Mapping[str, str]) -> str:
    content_type = headers.get("content-type", "")
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def _where(url: str) -> str:
    """Host and path only: query strings may hold secrets."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


# --- deadline plumbing -------------------------------------------------------------------
# The deadline of the call running in this context, read by the retry policy and recorded
# connections; a context variable keeps concurrent calls on other threads apart.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)
_IN_FLIGHT: contextvars.ContextVar[list[HTTPConnection] | None] = contextvars.ContextVar(
    "in_flight", default=None
)


class _TrackedHTTPConnection(HTTPConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        tracked = _IN_FLIGHT.get()
        if tracked is not None:
            tracked.append(self)
        super().request(*args, **kwargs)


class _TrackedHTTPSConnection(HTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        tracked = _IN_FLIGHT.get()
        if tracked is not None:
            tracked.append(self)
        super().request(*args, **kwargs)


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _DeadlineRetry(Retry):
    """urllib3 ``Retry`` that refuses to sleep past the call's deadline."""

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        wait = None
        if self.respect_retry_after_header and response is not None:
            wait = self.get_retry_after(response)
        if wait is None:
            wait = self.get_backoff_time()
        deadline = _DEADLINE.get()
        if deadline is not None and time.monotonic() + wait > deadline:
            status = response.status if response is not None else None
            said = f"answered {status} and " if status else ""
            raise HttpTimeout(f"{said}a retry in {wait:.1f} s would pass the deadline")
        if wait > 0:
            time.sleep(wait)


class _DeadlineAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _TrackedHTTPPool,
            "https": _TrackedHTTPSPool,
        }


def _shutdown(connections: list[HTTPConnection]) -> None:
    for conn in list(connections):
        sock = getattr(conn, "sock", None)
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def _watchdog(seconds: float) -> Iterator[threading.Event]:
    """Shut down this call's sockets if it is still running after ``seconds``."""
    tracked: list[HTTPConnection] = []
    fired = threading.Event()
    token = _IN_FLIGHT.set(tracked)

    def fire() -> None:
        fired.set()
        _shutdown(tracked)

    timer = threading.Timer(max(seconds, 0.0), fire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
        _IN_FLIGHT.reset(token)


class HttpClient:
    """A ``requests.Session`` with timeouts, a total deadline, a size cap and safe retries."""

    def __init__(
        self,
        *,
        connect_timeout: float = 5.0,
        read_timeout: float = 20.0,
        deadline: float = 60.0,
        max_bytes: int = 20 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 0.5,
        user_agent: str = USER_AGENT,
    ) -> None:
        if min(connect_timeout, read_timeout, deadline) <= 0 or max_bytes <= 0:
            raise ValueError("timeouts, deadline and max_bytes must be positive")
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.retry = _DeadlineRetry(
            total=retries,
            connect=retries,
            read=0,  # a read error means the request reached the server: do not resend
            status=retries,
            other=0,
            redirect=5,
            backoff_factor=backoff,
            backoff_max=30.0,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.verify = True
        self.session.trust_env = True
        self.session.headers["User-Agent"] = user_agent
        adapter = _DeadlineAdapter(max_retries=self.retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, **kwargs: Any) -> HttpResponse:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> HttpResponse:
        """POST is never retried: the server may have acted on the first one."""
        return self.request("POST", url, **kwargs)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        deadline: float | None = None,
        max_bytes: int | None = None,
        raise_for_status: bool = True,
        allow_redirects: bool = True,
    ) -> HttpResponse:
        """One call, fully read, within ``deadline`` seconds from now."""
        budget = self.deadline if deadline is None else deadline
        cap = self.max_bytes if max_bytes is None else max_bytes
        started = time.monotonic()
        ends = started + budget
        where = _where(url)
        token = _DEADLINE.set(ends)
        try:
            with _watchdog(budget) as fired:
                try:
                    response = self.session.request(
                        method,
                        url,
                        params=params,
                        headers=dict(headers or {}),
                        json=json_body,
                        data=data,
                        timeout=(min(self.connect_timeout, budget), min(self.read_timeout, budget)),
                        stream=True,
                        allow_redirects=allow_redirects,
                    )
                except HttpTimeout as exc:  # a retry wait refused by the deadline
                    raise HttpTimeout(f"{where}: {exc}") from exc
                except requests.exceptions.RequestException as exc:
                    raise _translate(exc, where, budget, fired.is_set()) from exc
                try:
                    body = self._read_body(response, where, ends, cap, budget, fired)
                finally:
                    response.close()
        finally:
            _DEADLINE.reset(token)
        retries = getattr(response.raw, "retries", None)
        history: tuple[int, ...] = ()
        if isinstance(retries, Retry):
            history = tuple(h.status for h in retries.history if h.status is not None)
        result = HttpResponse(
            status=response.status_code,
            url=response.url,
            headers={k.lower(): v for k, v in response.headers.items()},
            body=body,
            elapsed=time.monotonic() - started,
            attempts=len(history) + 1,
            history=history,
        )
        if raise_for_status and result.status >= 400:
            raise _status_error(result, where)
        return result

    def _read_body(
        self,
        response: requests.Response,
        where: str,
        ends: float,
        cap: int,
        budget: float,
        fired: threading.Event,
    ) -> bytes:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise HttpTooLarge(f"{where}: response of {int(declared):,} bytes exceeds {cap:,}")
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() > ends or fired.is_set():
                    raise HttpTimeout(
                        f"{where}: not finished within the {budget:g} s deadline",
                        maybe_delivered=True,
                    )
                chunk = response.raw.read1(_READ_SIZE, decode_content=True)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise HttpTooLarge(f"{where}: response exceeds {cap:,} bytes")
                chunks.append(chunk)
        except HttpError:
            raise
        except Exception as exc:  # urllib3 / socket errors while streaming
            if fired.is_set() or time.monotonic() > ends:
                raise HttpTimeout(
                    f"{where}: not finished within the {budget:g} s deadline",
                    maybe_delivered=True,
                ) from exc
            raise HttpError(
                f"{where}: connection broke while reading ({_reason(exc)})", maybe_delivered=True
            ) from exc
        if fired.is_set() or time.monotonic() > ends:
            raise HttpTimeout(
                f"{where}: not finished within the {budget:g} s deadline", maybe_delivered=True
            )
        return b"".join(chunks)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _translate(
    exc: requests.exceptions.RequestException, where: str, budget: float, fired: bool
) -> HttpError:
    if fired:  # the deadline may have cut the call after the request went out
        return HttpTimeout(
            f"{where}: not finished within the {budget:g} s deadline", maybe_delivered=True
        )
    if isinstance(exc, requests.exceptions.SSLError):
        return HttpError(f"{where}: TLS verification failed ({_reason(exc)})")
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return HttpTimeout(f"{where}: could not connect in time")
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return HttpTimeout(f"{where}: no answer in time", maybe_delivered=True)
    if isinstance(exc, requests.exceptions.RetryError):
        return HttpStatusError(f"{where}: still failing after retries ({_reason(exc)})", 0)
    if isinstance(exc, requests.exceptions.ConnectionError):
        cause = exc.args[0] if exc.args else None
        reason = getattr(cause, "reason", None)
        if isinstance(reason, ReadTimeoutError):
            return HttpTimeout(f"{where}: no answer in time", maybe_delivered=True)
        never_connected = isinstance(cause, NewConnectionError) or isinstance(
            reason, NewConnectionError
        )
        return HttpError(
            f"{where}: cannot connect ({_reason(exc)})", maybe_delivered=not never_connected
        )
    return HttpError(f"{where}: {type(exc).__name__} ({_reason(exc)})", maybe_delivered=True)


def _status_error(response: HttpResponse, where: str) -> HttpStatusError:
    retry_after = response.header("retry-after")
    wait = float(retry_after) if retry_after and retry_after.isdigit() else None
    tries = f" after {response.attempts} attempts" if response.attempts > 1 else ""
    return HttpStatusError(
        f"{where}: server answered HTTP {response.status}{tries}", response.status, wait
    )


__all__ = [
    "USER_AGENT",
    "HttpBadJson",
    "HttpClient",
    "HttpError",
    "HttpResponse",
    "HttpStatusError",
    "HttpTimeout",
    "HttpTooLarge",
]
