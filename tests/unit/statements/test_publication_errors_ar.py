"""Publication error lines written by the real publishing code have an Arabic form whose
frames are all Arabic; what came from elsewhere is kept, isolated."""

from __future__ import annotations

import re
import socket

import pytest

from crisisdesk.statements.publication_errors import isolated, publication_error_ar
from crisisdesk.statements.publishers.transport import post
from tests.unit.statements.publishers.fake_servers import serve

# English words of our own frames: none may survive in the Arabic line
_FRAME_WORDS = re.compile(
    r"\b(not sent|outcome unknown|cancelled|without an id|cannot connect|could not connect"
    r"|connection broke|did not go out|checked on the channel|is closed|not approved"
    r"|was edited|no approval|too large|post weighs|characters)\b"
)


def _sent(url: str) -> str:
    result = post(
        url,
        b"{}",
        {},
        timeout=(1.0, 2.0),
        idempotency_key="k",
        external_id=lambda data: data.get("id") if isinstance(data, dict) else None,
        error_text=lambda data: data.get("error") if isinstance(data, dict) else None,
    )
    assert result.error is not None
    return result.error


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_real_transport_errors_read_in_arabic() -> None:
    with serve() as server:
        server.modes.extend(["noid", "500", "drop"])
        lines = [_sent(server.base_url + "/hooks/statements") for _ in range(3)]
    lines.append(_sent(f"http://127.0.0.1:{_closed_port()}/hooks"))
    assert lines[0].startswith("outcome unknown: HTTP 200")
    assert lines[1] == "HTTP 503: temporarily down"
    assert lines[3].startswith("not sent: ")
    for line in lines:
        arabic = publication_error_ar(line)
        assert not _FRAME_WORDS.search(arabic), (line, arabic)
        assert re.search("[\u0600-\u06ff]", arabic), (line, arabic)
    assert isolated("temporarily down") in publication_error_ar(lines[1])


@pytest.mark.parametrize(
    "line",
    [
        "not sent: incident 4 is closed",
        "not sent: it was rejected",
        "not sent: it was superseded by a newer statement",
        "not sent: it is draft, not approved",
        "not sent: version 2 was edited after approval (latest is 3)",
        "not sent: version 2 has no approval bound to its text",
        "cancelled: the incident was closed",
        "cancelled: its incident is closed",
        "cancelled: a later repeat (#12) replaces it",
        "cancelled at 2026-12-03T09:00:00.000000Z: the statement changed",
        "did not go out (checked on the channel by olfa): nothing on the page",
        "post weighs 300 of 280",
        "empty post",
        "message is 5000 characters; WhatsApp allows 4096",
        "outcome unknown: the reply was too large to read (more than 1048576 bytes)",
    ],
)
def test_every_frame_we_write_reads_in_arabic(line: str) -> None:
    arabic = publication_error_ar(line)
    assert not _FRAME_WORDS.search(arabic), arabic
    assert re.search("[\u0600-\u06ff]", arabic)


def test_a_line_no_rule_knows_is_kept_as_it_is() -> None:
    assert publication_error_ar("Rate limit: slow down") == isolated("Rate limit: slow down")
    # a server's text that imitates our frames stays inside its isolate
    shown = publication_error_ar("HTTP 400: not sent: \u202eevil")
    assert shown.endswith(isolated("not sent: \u202eevil"))
