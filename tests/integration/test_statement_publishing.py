"""Publishing approved statements to real HTTP servers on 127.0.0.1 playing WhatsApp, X and a
website: success, 4xx/5xx, timeouts, retries that never post twice, drills that never reach them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, RefusedError
from crisisdesk.statements.channel_settings import SECRET_NAMES
from crisisdesk.statements.publishers import SIGNATURE_HEADER
from crisisdesk.statements.rules import x_weighted_length
from crisisdesk.statements.variables import LocalizedText
from tests.helpers.databases import PASSWORD, make_desk, sign_in_as, sqlite_db_url
from tests.helpers.statements import approved, count, kinds_since, open_flood
from tests.unit.statements.publishers.fake_servers import SECRET, TOKEN, FakePlatform, serve

CONTACTS = "966500000001,966500000002"


@pytest.fixture
def platform() -> Iterator[FakePlatform]:
    with serve() as server:
        yield server


def configure(desk: Desk, base: str) -> None:
    sign_in_as(desk, "admin")
    desk.statements.configure_channels(
        website_url=base + "/hooks/statements",
        x_base_url=base,
        whatsapp_base_url=base + "/v21.0",
        whatsapp_phone_number_id="1029384756",
        whatsapp_contacts=CONTACTS,
        connect_timeout="1",
        read_timeout="0.4",
    )
    desk.secrets.set(SECRET_NAMES["website"], SECRET)
    desk.secrets.set(SECRET_NAMES["x"], TOKEN)
    desk.secrets.set(SECRET_NAMES["whatsapp"], TOKEN)


@pytest.fixture
def desk(tmp_path: object, platform: FakePlatform) -> Iterator[Desk]:
    opened = make_desk(sqlite_db_url(tmp_path), clock=ManualClock())  # type: ignore[arg-type]
    configure(opened, platform.base_url)
    yield opened
    opened.close()


def _short_reply(desk: Desk, incident: int) -> int:
    sign_in_as(desk, "operator")
    sid = desk.statements.draft(
        incident,
        None,
        kind="reply",
        texts={
            "ar": "نفق الملك فهد مغلق مؤقتًا، ويُرجى استخدام طريق الخليج. للبلاغات: 940",
            "en": "King Fahd underpass is closed for now; please use Gulf Road. Reports: 940",
        },
    ).statement.id
    desk.statements.submit(sid)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(sid, PASSWORD)
    return sid


def test_website_webhook_success_is_signed_and_recorded(desk: Desk, platform: FakePlatform) -> None:
    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "operator")
    head = desk.log.head().seq
    [pub] = desk.statements.publish(sid, "website")
    assert pub.state == "sent" and pub.external_id == "news-1" and not pub.sandbox
    assert platform.signature_ok == [True]
    got = platform.received[0]
    assert got.headers["Idempotency-Key"] == pub.idempotency_key
    assert got.headers[SIGNATURE_HEADER].startswith("sha256=")
    assert got.json()["text"]["ar"] == desk.statements.version(sid).text_ar
    assert kinds_since(desk, head) == ["statement.publish_requested", "statement.published"]
    assert desk.log.since(head)[-1].payload["external_id"] == "news-1"
    assert desk.statements.get(sid).state == "published"
    [again] = desk.statements.publish(sid, "website")
    assert again.id == pub.id and len(platform.received) == 1


@pytest.mark.parametrize(("mode", "result"), [("400", "rejected"), ("500", "failed")])
def test_http_errors_are_visible_and_retryable_once(
    desk: Desk, platform: FakePlatform, mode: str, result: str
) -> None:
    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "operator")
    platform.modes.append(mode)
    [pub] = desk.statements.publish(sid, "website")
    assert pub.state == "failed" and pub.result == result
    assert pub.error and pub.error.startswith("HTTP 4" if mode == "400" else "HTTP 5")
    assert desk.statements.get(sid).state == "approved"
    assert count(desk, "statement.publish_failed") == 1
    retried = desk.statements.retry(pub.id)
    assert retried.state == "sent" and retried.attempts == 2
    assert retried.idempotency_key == pub.idempotency_key
    assert len(platform.created) == 1
    with pytest.raises(RefusedError, match="only a failed one"):
        desk.statements.retry(pub.id)
    assert kinds_since(desk, desk.log.head().seq - 1) == ["statement.refused"]
    assert len(platform.received) == 2


def test_retry_after_an_ambiguous_timeout_posts_once(desk: Desk, platform: FakePlatform) -> None:
    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "operator")
    platform.modes.append("slow")
    [pub] = desk.statements.publish(sid, "website")
    assert pub.state == "unknown" and pub.result == "unknown"  # sent, never answered
    with pytest.raises(RefusedError, match=r"outcome of publication .* is unknown"):
        desk.statements.retry(pub.id)
    platform.release.set()  # the slow request completes on the server: the post exists
    checked = desk.statements.record_outcome(pub.id, sent=False, note="not seen yet")
    assert checked.state == "failed"
    head = desk.log.head().seq
    retried = desk.statements.retry(pub.id)
    assert retried.state == "sent" and retried.external_id == "news-1"
    assert len(platform.received) == 2
    assert {r.headers["Idempotency-Key"] for r in platform.received} == {pub.idempotency_key}
    assert len(platform.created) == 1  # one post on the website, not two
    assert kinds_since(desk, head) == ["statement.publish_retried", "statement.published"]


def test_whatsapp_goes_to_each_media_contact_as_a_template(
    desk: Desk, platform: FakePlatform
) -> None:
    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "operator")
    pubs = desk.statements.publish(sid, "whatsapp")
    assert sorted(p.target for p in pubs) == CONTACTS.split(",")
    assert all(p.state == "sent" and p.external_id.startswith("wamid.") for p in pubs)  # type: ignore[union-attr]
    assert len({p.idempotency_key for p in pubs}) == 2
    bodies = [r.json() for r in platform.received]
    assert all(b["type"] == "template" for b in bodies)
    # Finding 3: the template's own WhatsApp form, registered under its own name with its
    # line breaks in the body; only the values travel, none of them with a new line.
    assert {b["template"]["name"] for b in bodies} == {"flood_urban_holding_ar"}
    params = [p["text"] for p in bodies[0]["template"]["components"][0]["parameters"]]
    assert params[0] == "أمانة المنطقة الشرقية" and params[2] == "940"
    assert "، " in params[3]  # the next update time is read with its day
    assert all("\n" not in p for p in params)
    assert {b["biz_opaque_callback_data"] for b in bodies} == {p.idempotency_key for p in pubs}


def test_x_posts_each_language_and_refuses_overlong_text(
    desk: Desk, platform: FakePlatform
) -> None:
    incident = open_flood(desk)
    sid = _short_reply(desk, incident)
    pubs = desk.statements.publish(sid, "x")
    assert [p.target for p in pubs] == ["ar", "en"]
    assert all(p.state == "sent" for p in pubs)
    assert [r.json()["text"][:3] for r in platform.received] == ["نفق", "Kin"]
    # Finding 3: the holding statement (446 weighted characters in English) goes out as
    # its X form, which fits, instead of failing at publish after approval.
    holding = approved(desk, incident)
    sign_in_as(desk, "operator")
    platform.received.clear()
    [ar, en] = desk.statements.publish(holding, "x")
    assert ar.state == "sent" and en.state == "sent"
    posted = [r.json()["text"] for r in platform.received]
    assert posted[0].startswith("تباشر فرق") and posted[1].startswith("Eastern Province")
    assert all(x_weighted_length(t) <= 280 for t in posted)


def test_a_statement_whose_channel_form_overflows_cannot_be_approved(desk: Desk) -> None:
    """Finding 3: approval did not check channel limits; now an X form over 280 blocks it,
    with no override, and the Approvals checklist names the channel."""
    incident = open_flood(desk)
    sign_in_as(desk, "operator")
    roads = LocalizedText("، ".join(["نفق طريق الملك فهد"] * 20), ", ".join(["King Fahd Rd"] * 24))
    sid = desk.statements.draft(
        incident,
        "update",
        {"update_number": "3", "teams_count": "11", "closed_roads": roads},
    ).statement.id
    desk.statements.submit(sid)
    checklist = desk.statements.rules_checklist(sid)
    failed = {r.id for r in checklist.failures}
    assert {"form:x:ar", "form:x:en"} <= failed
    sign_in_as(desk, "spokesperson")
    with pytest.raises(RefusedError, match="channel forms do not fit"):
        desk.statements.approve(sid, PASSWORD, override_reason="urgent")


def test_an_x_thread_is_posted_post_by_post(desk: Desk, platform: FakePlatform) -> None:
    incident = open_flood(desk)
    sign_in_as(desk, "operator")
    values = {
        "update_number": "3",
        "teams_count": "2",
        "official_casualties": LocalizedText("لا إصابات مسجلة", "no injuries recorded"),
        "casualty_source": LocalizedText("الدفاع المدني", "Civil Defense"),
    }
    sid = desk.statements.draft(incident, "update", values).statement.id
    desk.statements.submit(sid)
    sign_in_as(desk, "spokesperson")
    desk.statements.approve(sid, PASSWORD)
    sign_in_as(desk, "operator")
    platform.received.clear()
    desk.statements.publish(sid, "x")
    bodies = [r.json() for r in platform.received]
    assert len(bodies) == 4  # two posts in each language
    assert "reply" not in bodies[0] and bodies[1]["reply"]["in_reply_to_tweet_id"]
    assert bodies[0]["text"].startswith("التحديث ٣: يعمل فريقان")
    assert bodies[1]["text"] == "وبحسب الدفاع المدني: لا إصابات مسجلة."


def test_drill_statements_never_reach_real_channels(desk: Desk, platform: FakePlatform) -> None:
    incident = open_flood(desk, drill=True)
    sid = _short_reply(desk, incident)
    sign_in_as(desk, "operator")
    pubs = [
        p for channel in ("website", "whatsapp", "x") for p in desk.statements.publish(sid, channel)
    ]
    assert len(pubs) == 5
    assert all(p.sandbox and p.state == "sent" for p in pubs)
    assert all((p.external_id or "").startswith("sandbox-") for p in pubs)
    assert platform.received == []
    published = [d for d in desk.log.since(0) if d.kind == "statement.published"]
    assert len(published) == 5 and all(d.payload["sandbox"] for d in published)


def test_unconfigured_channel_fails_visibly_then_retries(tmp_path: object) -> None:
    desk = make_desk(sqlite_db_url(tmp_path, "bare.db"), clock=ManualClock())  # type: ignore[arg-type]
    try:
        sid = approved(desk, open_flood(desk))
        sign_in_as(desk, "operator")
        [pub] = desk.statements.publish(sid, "website")
        assert pub.state == "failed" and "not configured" in (pub.error or "")
        with serve() as server:
            configure(desk, server.base_url)
            sign_in_as(desk, "operator")
            assert desk.statements.retry(pub.id).state == "sent"
            assert len(server.created) == 1
    finally:
        desk.close()


def test_retry_of_a_version_edited_after_approval_is_refused(
    desk: Desk, platform: FakePlatform
) -> None:
    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "operator")
    platform.modes.append("500")
    [pub] = desk.statements.publish(sid, "website")
    desk.statements.save(sid, text_en="A different text. Call 940. The next update at 20:00.")
    head = desk.log.head().seq
    with pytest.raises(RefusedError, match="not approved"):
        desk.statements.retry(pub.id)
    assert kinds_since(desk, head) == ["statement.refused"]
    assert len(platform.received) == 1


def test_press_release_and_text_file_land_in_the_exports_folder(
    desk: Desk, tmp_path: object
) -> None:
    from pathlib import Path

    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "admin")
    desk.statements.configure_channels(exports_dir=str(Path(str(tmp_path)) / "exports"))
    sign_in_as(desk, "operator")
    [pdf] = desk.statements.publish(sid, "press")
    [txt] = desk.statements.publish(sid, "text")
    assert Path(pdf.external_id or "").read_bytes().startswith(b"%PDF")
    body = Path(txt.external_id or "").read_text(encoding="utf-8")
    assert desk.statements.version(sid).text_ar in body


def test_a_send_cut_off_by_a_crash_is_completed_by_retry_once(
    desk: Desk, platform: FakePlatform
) -> None:
    from sqlalchemy import text

    sid = approved(desk, open_flood(desk))
    sign_in_as(desk, "operator")
    platform.modes.append("slow")
    [pub] = desk.statements.publish(sid, "website")
    platform.release.set()
    with desk.db.write() as session:  # as if the app died after the request left
        session.execute(
            text("UPDATE publications SET state = 'sending' WHERE id = :i"), {"i": pub.id}
        )
    [again] = desk.statements.publish(sid, "website")
    assert again.state == "sending" and len(platform.received) == 1  # not sent a second time
    with pytest.raises(RefusedError, match="being sent now"):
        desk.statements.retry(pub.id)  # in flight, or cut off: never sent again by itself
    with pytest.raises(ConflictError, match="being sent now"):
        desk.statements.record_outcome(pub.id, sent=True)
    assert isinstance(desk.clock, ManualClock)
    desk.clock.advance(timedelta(minutes=3))  # long past any exchange's deadline
    done = desk.statements.record_outcome(pub.id, sent=True, external_id="news-1")
    assert done.state == "sent" and len(platform.created) == 1 and len(platform.received) == 1
