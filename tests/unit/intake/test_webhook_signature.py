from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.intake.webhook_signature import (
    SignatureError,
    answer_handshake,
    check_signature,
    is_signed,
    sign,
)

KNOWN = "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"


def test_known_vector() -> None:
    assert sign(b"test", "secret") == KNOWN
    check_signature(b"test", KNOWN, "secret")
    check_signature(b"test", KNOWN.upper().replace("SHA256", "sha256"), b"secret")


@pytest.mark.parametrize(
    ("body", "header", "reason"),
    [
        (b"test", None, "missing"),
        (b"test", "", "missing"),
        (b"test", "sha1=" + "0" * 40, "must start with 'sha256='"),
        (b"test", "sha256=xyz", "not 64 hex digits"),
        (b"test ", KNOWN, "does not match"),
        (b"test", "sha256=" + "0" * 64, "does not match"),
    ],
)
def test_bad_signatures_are_refused_with_a_reason(
    body: bytes, header: str | None, reason: str
) -> None:
    with pytest.raises(SignatureError, match=reason):
        check_signature(body, header, "secret")
    assert not is_signed(body, header, "secret")


def test_empty_secret_is_refused() -> None:
    with pytest.raises(SignatureError, match="no app secret"):
        check_signature(b"test", KNOWN, "")


@given(st.binary(), st.text(min_size=1))
def test_round_trip(body: bytes, secret: str) -> None:
    assert is_signed(body, sign(body, secret), secret)
    assert not is_signed(body + b"x", sign(body, secret), secret)


def test_handshake() -> None:
    query = "hub.mode=subscribe&hub.verify_token=tok3n&hub.challenge=1158201444"
    answer = answer_handshake(parse_qs(query), "tok3n")
    assert (answer.status, answer.body) == (200, "1158201444")
    assert answer_handshake(parse_qs(query), "other").status == 403
    assert (
        answer_handshake(
            {"hub.mode": "unsubscribe", "hub.verify_token": "tok3n", "hub.challenge": "1"}, "tok3n"
        ).status
        == 403
    )
    assert answer_handshake({"hub.mode": "subscribe"}, "tok3n").status == 400
    assert answer_handshake(parse_qs(query), "").status == 403
    hostile = {
        "hub.mode": "subscribe",
        "hub.verify_token": "tok3n",
        "hub.challenge": "<script>alert(1)</script>",
    }
    assert answer_handshake(hostile, "tok3n").status == 400
