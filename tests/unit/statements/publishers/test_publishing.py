"""Publishing clients against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from crisisdesk.statements.publishers import (
    SIGNATURE_HEADER,
    Publication,
    SandboxChannel,
    WebhookClient,
    WhatsAppClient,
    WhatsAppRecipient,
    XClient,
    needs_template,
    publication_key,
    sign,
    verify_signature,
    webhook_body,
)
from tests.unit.statements.publishers.fake_servers import SECRET, TOKEN, FakePlatform, serve

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
FAST = (1.0, 0.3)
TEXTS = {
    "ar": "تعلن أمانة المنطقة الشرقية عن إغلاق نفق الملك فهد مؤقتًا.",
    "en": "The Eastern Province Amanah temporarily closes the King Fahd tunnel.",
}


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


def _publication(channel: str, target: str = "") -> Publication:
    key = publication_key("sha256-of-version-3", channel, target)
    return Publication(
        key=key,
        texts=TEXTS,
        title={"ar": "إغلاق نفق", "en": "Tunnel closure"},
        statement_id="st-1",
        version_hash="sha256-of-version-3",
    )


def _whatsapp(platform: FakePlatform, token: str = TOKEN) -> WhatsAppClient:
    return WhatsAppClient(
        base_url=platform.base_url + "/v21.0",
        phone_number_id="1029384756",
        token=token,
        timeout=FAST,
    )


def _website(platform: FakePlatform, secret: str = SECRET) -> WebhookClient:
    return WebhookClient(url=platform.base_url + "/hooks/statements", secret=secret, timeout=FAST)


# --- keys ------------------------------------------------------------------------------


def test_publication_key_is_stable_and_distinct() -> None:
    assert publication_key("v1", "x") == publication_key("v1", "x")
    keys = {
        publication_key("v1", "x"),
        publication_key("v2", "x"),
        publication_key("v1", "website"),
        publication_key("v1", "whatsapp", "+966500000001"),
        publication_key("v1", "whatsapp", "+966500000002"),
    }
    assert len(keys) == 5


# --- WhatsApp ---------------------------------------------------------------------------


def test_whatsapp_text_inside_the_service_window(platform: FakePlatform) -> None:
    pub = _publication("whatsapp", "966500000001")
    recipient = WhatsAppRecipient("966500000001", NOW - timedelta(hours=2))
    result = _whatsapp(platform).publish(pub, recipient, NOW)
    assert result.ok and result.status == "sent" and result.http_status == 200
    assert result.external_id == "wamid.1"
    (got,) = platform.received
    assert got.path == "/v21.0/1029384756/messages"
    assert got.headers["Authorization"] == f"Bearer {TOKEN}"
    assert got.headers["Idempotency-Key"] == pub.key
    body = got.json()
    assert body["type"] == "text"
    assert body["to"] == "966500000001"
    assert body["text"]["body"] == TEXTS["ar"] + "\n\n" + TEXTS["en"]
    assert body["biz_opaque_callback_data"] == pub.key


def test_whatsapp_template_outside_the_window(platform: FakePlatform) -> None:
    pub = Publication(key="k1", texts={"ar": "نص قصير", "en": ""})
    recipient = WhatsAppRecipient("966500000002", NOW - timedelta(hours=25))
    result = _whatsapp(platform).publish(pub, recipient, NOW)
    assert result.ok
    body = platform.received[0].json()
    assert body["type"] == "template"
    assert body["template"]["name"] == "crisis_statement"
    assert body["template"]["language"] == {"code": "ar"}
    assert body["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": "نص قصير"},
        {"type": "text", "text": "—"},
    ]


def test_whatsapp_template_refuses_new_lines_before_sending(platform: FakePlatform) -> None:
    pub = Publication(key="k2", texts={"ar": "سطر أول\nسطر ثان", "en": "One line"})
    result = _whatsapp(platform).publish(pub, WhatsAppRecipient("966500000003"), NOW)
    assert not result.ok and not result.retryable
    assert result.status == "rejected"
    assert "new lines" in (result.error or "")
    assert platform.received == []


def test_needs_template() -> None:
    assert needs_template(None, NOW)
    assert needs_template(NOW - timedelta(hours=24), NOW)
    assert not needs_template(NOW - timedelta(hours=23, minutes=59), NOW)


def test_whatsapp_4xx_is_not_retryable(platform: FakePlatform) -> None:
    platform.modes = ["400"]
    result = _whatsapp(platform).send_text("966500000001", "x", "k")
    assert not result.ok and not result.retryable
    assert result.status == "rejected" and result.http_status == 400
    assert result.error == (
        "HTTP 400: (#131030) Recipient phone number not in allowed list (code 131030)"
    )


def test_whatsapp_5xx_is_retryable_and_retry_keeps_the_key(platform: FakePlatform) -> None:
    platform.modes = ["500"]
    client = _whatsapp(platform)
    first = client.send_text("966500000001", "x", "same-key")
    assert not first.ok and first.retryable and first.status == "failed"
    second = client.send_text("966500000001", "x", "same-key")
    assert second.ok
    assert [r.headers["Idempotency-Key"] for r in platform.received] == ["same-key"] * 2


def test_token_never_appears_in_errors(platform: FakePlatform) -> None:
    platform.modes = ["400"]
    result = _whatsapp(platform, token="s3cr3t-token").send_text("1", "x", "k")
    assert "s3cr3t" not in repr(result)


# --- X ------------------------------------------------------------------------------------


def test_x_post_success(platform: FakePlatform) -> None:
    client = XClient(base_url=platform.base_url, token=TOKEN, timeout=FAST)
    pub = _publication("x")
    result = client.publish(pub, lang="ar")
    assert result.ok
    assert result.external_id == "1860000000"
    (got,) = platform.received
    assert got.path == "/2/tweets"
    assert got.json() == {"text": TEXTS["ar"]}
    assert got.headers["Authorization"] == f"Bearer {TOKEN}"
    assert got.headers["Idempotency-Key"] == pub.key


def test_x_duplicate_content_is_not_retryable(platform: FakePlatform) -> None:
    platform.modes = ["400"]
    result = XClient(base_url=platform.base_url, token=TOKEN, timeout=FAST).post_text("x", "k")
    assert not result.retryable
    assert result.error is not None and "duplicate content" in result.error


def test_x_too_long_is_refused_before_sending(platform: FakePlatform) -> None:
    client = XClient(base_url=platform.base_url, token=TOKEN, timeout=FAST)
    result = client.post_text("你" * 141, "k")
    assert result.status == "rejected" and "282 of 280" in (result.error or "")
    assert platform.received == []


def test_x_reply_without_id_is_of_unknown_outcome(platform: FakePlatform) -> None:
    platform.modes = ["garbage"]
    result = XClient(base_url=platform.base_url, token=TOKEN, timeout=FAST).post_text("x", "k")
    assert not result.ok and result.delivery_unknown and not result.retryable
    assert result.status == "unknown"
    assert result.error == "outcome unknown: HTTP 200 without an id in the reply"


# --- website webhook ----------------------------------------------------------------------


def test_website_signature_checks_out_on_the_server(platform: FakePlatform) -> None:
    pub = _publication("website")
    result = _website(platform).publish(pub)
    assert result.ok and result.external_id == "news-1"
    assert platform.signature_ok == [True]
    (got,) = platform.received
    assert got.headers["Idempotency-Key"] == pub.key
    assert got.headers[SIGNATURE_HEADER] == sign(got.body, SECRET)
    assert got.body == webhook_body(pub)
    data = got.json()
    assert data["text"] == TEXTS and data["idempotency_key"] == pub.key
    assert data["drill"] is False


def test_website_wrong_secret_fails_verification(platform: FakePlatform) -> None:
    result = _website(platform, secret="wrong").publish(_publication("website"))
    assert platform.signature_ok == [False]
    assert not result.ok


def test_verify_signature_rejects_tampering() -> None:
    body = webhook_body(_publication("website"))
    header = sign(body, SECRET)
    assert verify_signature(body, header, SECRET)
    assert not verify_signature(body + b" ", header, SECRET)
    assert not verify_signature(body, header, "other")
    assert not verify_signature(body, None, SECRET)


def test_website_retry_after_5xx_posts_once(platform: FakePlatform) -> None:
    platform.modes = ["500"]
    client = _website(platform)
    pub = _publication("website")
    first = client.publish(pub)
    assert first.retryable and not first.ok
    second = client.publish(pub)
    third = client.publish(pub)
    assert second.ok and third.ok and second.external_id == third.external_id
    assert len(platform.created) == 1
    assert {r.headers["Idempotency-Key"] for r in platform.received} == {pub.key}


def test_timeout_is_bounded_and_retry_does_not_double_post(platform: FakePlatform) -> None:
    platform.modes = ["slow"]
    client = _website(platform)
    pub = _publication("website")
    started = time.monotonic()
    first = client.publish(pub)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert first.status == "unknown" and first.delivery_unknown and not first.retryable
    platform.release.set()  # the slow request now completes on the server
    deadline = time.monotonic() + 5
    while not platform.created and time.monotonic() < deadline:
        time.sleep(0.01)
    retry = client.publish(pub)
    assert retry.ok and retry.external_id == "news-1"
    assert len(platform.created) == 1


def test_unreachable_server_is_retryable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = WebhookClient(url=f"http://127.0.0.1:{port}/x", secret=SECRET, timeout=FAST)
    result = client.publish(_publication("website"))
    assert result.status == "unreachable" and result.retryable and not result.ok


# --- drills -------------------------------------------------------------------------------


def test_sandbox_channel_records_and_never_sends(platform: FakePlatform) -> None:
    sandbox = SandboxChannel("website")
    pub = _publication("website")
    first = sandbox.publish(pub)
    again = sandbox.publish(pub)
    assert first.ok and first.status == "recorded"
    assert again == first
    assert [r.publication for r in sandbox.records] == [pub]
    assert platform.received == []
