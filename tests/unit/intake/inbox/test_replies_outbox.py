"""A WhatsApp reply is on record before it leaves, and one cut off between sending and
recording is never lost nor sent again by itself: it is listed as pending, marked of unknown
outcome once no request can still be out, and settled by an operator who checked the chat.

Runs against a local server playing the Cloud API, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError
from crisisdesk.intake.http import HttpClient
from crisisdesk.intake.replies import STALE_AFTER, ReplyService, reply_key
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.storage.engine import Database
from crisisdesk.storage.models import Decision, Reply
from tests.helpers.databases import make_desk, sign_in_as, sqlite_db_url
from tests.unit.intake.conftest import Handler, LocalServer
from tests.unit.intake.inbox.conftest import START, open_flood
from tests.unit.intake.inbox.messages import batch, wa

ROUTE = "/v21.0/1234/messages"


@pytest.fixture(params=["sqlite", "postgresql"])
def room(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> Iterator[tuple[Desk, int]]:
    """The flood incident on a SQLite file or a throw-away PostgreSQL database."""
    if request.param == "sqlite":
        url = sqlite_db_url(tmp_path)
    else:
        url = request.getfixturevalue("pg_url")
    desk = make_desk(url, clock=clock)
    yield desk, open_flood(desk)
    desk.close()


def _setup(desk: Desk, incident: int, server: LocalServer, *texts: str) -> list[int]:
    """WhatsApp messages from different citizens, with a token and the connector's address."""
    desk.secrets.set("whatsapp.token", "wa-token")
    desk.inbox.connectors.configure(
        "whatsapp", "whatsapp", incident, {"base_url": f"{server.url}/v21.0"}
    )
    messages = []
    for i, text in enumerate(texts or ("الشارع غرق عندنا",), start=1):
        wa_id = f"96650000000{i}"
        address = {"phone_number_id": "1234", "wa_id": wa_id}
        at = START - timedelta(minutes=5)
        messages.append(wa(f"wamid.in{i}", text, at=at, handle=wa_id, reply_address=address))
    desk.inbox.ingest(incident, batch(*messages), source="s", format="whatsapp")
    return sorted(desk.inbox.ids(InboxFilters(incident)))


def _answer(server: LocalServer) -> list[dict[str, Any]]:
    """The Cloud API accepting every message; returns what it received."""
    seen: list[dict[str, Any]] = []

    @server.route(ROUTE)
    def messages(h: Handler) -> None:
        request = server.requests[-1]
        seen.append({"body": json.loads(request["body"]), "headers": request["headers"]})  # type: ignore[arg-type]
        h.send_json(200, {"messages": [{"id": f"wamid.out{len(seen)}"}]})

    return seen


def _power_cut(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("power cut")


def _last(desk: Desk, kind: str) -> dict[str, Any]:
    with desk.db.read() as session:
        row = session.scalars(
            select(Decision).where(Decision.kind == kind).order_by(Decision.seq.desc())
        ).first()
        assert row is not None, kind
        data: dict[str, Any] = json.loads(row.body)
        data["actor"] = row.actor
    return data


def _kinds(desk: Desk) -> list[str]:
    with desk.db.read() as session:
        kinds = session.scalars(
            select(Decision.kind)
            .where(Decision.kind.like("interaction.repl%"))
            .order_by(Decision.seq)
        )
        return list(kinds)


def _crash_after_send(
    desk: Desk, iid: int, monkeypatch: pytest.MonkeyPatch, *, cluster: int | None = None
) -> None:
    """The reply goes out, then the recording transaction never commits."""
    monkeypatch.setattr(ReplyService, "_finish", _power_cut)
    with pytest.raises(CrisisDeskError, match="went out but could not be recorded"):
        if cluster is None:
            desk.inbox.replies.reply(iid, "observation-thanks")
        else:
            desk.inbox.replies.reply_cluster(cluster, "rumour-correction")
    monkeypatch.undo()


def test_the_reply_is_on_record_before_the_request_leaves(
    room: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = room
    (iid,) = _setup(desk, incident, local_server)
    # A connection of its own sees only what has been committed.
    observer = Database(desk.url)
    seen: list[dict[str, Any]] = []

    @local_server.route(ROUTE)
    def messages(h: Handler) -> None:
        try:
            request = local_server.requests[-1]
            with observer.read() as session:
                rows = session.execute(
                    select(Reply.id, Reply.result).where(Reply.interaction_id == iid)
                ).all()
                last = session.scalars(select(Decision.kind).order_by(Decision.seq.desc())).first()
            seen.append(
                {
                    "rows": [tuple(r) for r in rows],
                    "last": last,
                    "pending": [p.reply_id for p in desk.inbox.replies.pending(incident)],
                    "key": request["headers"]["Idempotency-Key"],  # type: ignore[index]
                    "body": json.loads(request["body"]),  # type: ignore[arg-type]
                }
            )
        finally:
            h.send_json(200, {"messages": [{"id": "wamid.out1"}]})

    try:
        outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    finally:
        observer.dispose()
    (arrived,) = seen
    key = reply_key(desk.log_id, outcome.reply_id)
    assert arrived["rows"] == [(outcome.reply_id, "sending")]
    assert arrived["last"] == "interaction.reply_sending"
    assert arrived["pending"] == [outcome.reply_id]
    assert arrived["key"] == key and arrived["body"]["biz_opaque_callback_data"] == key
    assert (outcome.result, outcome.external_id) == ("sent", "wamid.out1")
    assert _kinds(desk) == ["interaction.reply_sending", "interaction.replied"]
    sending = _last(desk, "interaction.reply_sending")["payload"]
    assert (sending["reply_id"], sending["idempotency_key"]) == (outcome.reply_id, key)
    replied = _last(desk, "interaction.replied")["payload"]
    assert (replied["reply_id"], replied["idempotency_key"]) == (outcome.reply_id, key)
    detail = desk.inbox.detail(iid)
    assert detail.row.status == "answered" and detail.replies[0].result == "sent"
    assert desk.inbox.replies.pending(incident) == []


def test_a_failed_send_is_recorded_after_its_sending_record(
    room: tuple[Desk, int], local_server: LocalServer
) -> None:
    desk, incident = room
    (iid,) = _setup(desk, incident, local_server)

    @local_server.route(ROUTE)
    def messages(h: Handler) -> None:
        h.send_json(500, {"error": {"message": "boom"}})

    outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    assert outcome.result == "failed" and "500" in (outcome.error or "")
    assert _kinds(desk) == ["interaction.reply_sending", "interaction.reply_failed"]
    assert desk.inbox.replies.pending(incident) == []
    # a failed reply is settled: the operator may answer again
    assert desk.inbox.replies.reply(iid, "observation-thanks").result == "failed"


def test_a_crash_between_send_and_record_is_neither_lost_nor_resent(
    room: tuple[Desk, int],
    local_server: LocalServer,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk, incident = room
    (iid,) = _setup(desk, incident, local_server)
    seen = _answer(local_server)
    _crash_after_send(desk, iid, monkeypatch)
    assert len(seen) == 1
    (pending,) = desk.inbox.replies.pending(incident)
    assert (pending.interaction_id, pending.result, pending.sent_by) == (iid, "sending", "olfa")
    assert pending.idempotency_key == seen[0]["headers"]["Idempotency-Key"]
    assert desk.inbox.detail(iid).row.status == "new"
    # Within a request's deadline it may still be going out (from another laptop): it is left
    # alone, and a second reply is refused rather than sent alongside it.
    assert desk.inbox.replies.recover_interrupted() == []
    with pytest.raises(ConflictError, match="is being sent"):
        desk.inbox.replies.reply(iid, "observation-thanks")
    assert len(seen) == 1

    # The next start of the reply service, long after any request gave up.
    clock.advance(STALE_AFTER + timedelta(minutes=1))
    restarted = Desk.open(desk.url, clock=clock)
    try:
        sign_in_as(restarted, "operator")
        with pytest.raises(ConflictError, match=r"outcome unknown.*reply-outcome"):
            restarted.inbox.replies.reply(iid, "observation-thanks")
        assert len(seen) == 1
        (unknown,) = restarted.inbox.replies.pending(incident)
        assert (unknown.reply_id, unknown.result) == (pending.reply_id, "unknown")
        assert restarted.log.count(LogFilter(kind="interaction.reply_unknown")) == 1
        decision = _last(restarted, "interaction.reply_unknown")
        assert decision["payload"]["reply_id"] == pending.reply_id
        assert decision["payload"]["idempotency_key"] == pending.idempotency_key
        assert "check the conversation" in decision["summary"]["en"]
        assert restarted.inbox.replies.recover_interrupted() == []  # marked once

        # The operator finds the reply in the chat and says so.
        restarted.inbox.replies.record_outcome(pending.reply_id, sent=True)
        detail = restarted.inbox.detail(iid)
        assert detail.row.status == "answered" and detail.replies[0].result == "sent"
        assert detail.first_response_at == START
        assert restarted.inbox.replies.pending(incident) == []
        assert _last(restarted, "interaction.reply_checked")["payload"]["was"] == "unknown"
        with pytest.raises(ConflictError, match="already sent"):
            restarted.inbox.replies.record_outcome(pending.reply_id, sent=False)
        verdict = restarted.log.verify()
        assert verdict.ok, verdict.describe()
        assert len(seen) == 1
    finally:
        restarted.close()


def test_after_checking_the_chat_the_operator_may_send_again(
    room: tuple[Desk, int],
    local_server: LocalServer,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk, incident = room
    (iid,) = _setup(desk, incident, local_server)
    seen = _answer(local_server)
    _crash_after_send(desk, iid, monkeypatch)
    clock.advance(STALE_AFTER + timedelta(seconds=1))
    desk.sign_out()  # a service started with no one signed in marks it in the sender's name
    (first,) = desk.inbox.replies.recover_interrupted()
    assert _last(desk, "interaction.reply_unknown")["actor"] == "olfa"
    sign_in_as(desk, "operator")
    second = desk.inbox.replies.reply(iid, "observation-thanks", again=True)
    assert second.result == "sent" and second.reply_id != first and len(seen) == 2
    assert seen[1]["headers"]["Idempotency-Key"] != seen[0]["headers"]["Idempotency-Key"]
    assert _last(desk, "interaction.reply_sending")["payload"]["again"] is True
    # the first one stays listed until someone records what the chat shows
    assert [p.reply_id for p in desk.inbox.replies.pending(incident)] == [first]
    desk.inbox.replies.record_outcome(first, sent=False, note="not in the chat")
    assert desk.inbox.replies.pending(incident) == []
    replies = {r.id: r for r in desk.inbox.detail(iid).replies}
    assert replies[first].result == "failed" and "not in the chat" in (replies[first].error or "")
    assert desk.log.verify().ok


def test_a_cluster_reply_leaves_out_a_member_whose_reply_is_unknown(
    room: tuple[Desk, int],
    local_server: LocalServer,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk, incident = room
    text = "عاجل انتشر خبر انهيار سد وادي الدمام وعلى السكان الإخلاء فورا"
    members = _setup(desk, incident, local_server, text, text + " انشر")
    (cluster,) = desk.inbox.clusters.list(incident)
    seen = _answer(local_server)
    _crash_after_send(desk, members[0], monkeypatch, cluster=cluster.id)
    assert len(seen) == 1
    (stuck,) = desk.inbox.replies.pending(incident)
    clock.advance(STALE_AFTER + timedelta(minutes=1))
    outcomes = desk.inbox.replies.reply_cluster(cluster.id, "rumour-correction")
    assert [o.interaction_id for o in outcomes] == [m for m in members if m != stuck.interaction_id]
    assert len(seen) == 2 and outcomes[0].result == "sent"
    assert [p.result for p in desk.inbox.replies.pending(incident)] == ["unknown"]


def test_no_answer_means_outcome_unknown_not_failed(
    room: tuple[Desk, int], local_server: LocalServer
) -> None:
    """The Cloud API took the request but never answered: the message may be in the
    person's chat, so it is not 'failed' (which invites a resend) but of unknown outcome."""
    desk, incident = room
    (iid,) = _setup(desk, incident, local_server)

    @local_server.route(ROUTE)
    def messages(h: Handler) -> None:
        h.wait(30)  # reads the request, answers nothing

    desk.inbox.replies.client_factory = lambda: HttpClient(deadline=1.0, retries=0)
    outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    assert outcome.result == "unknown" and "deadline" in (outcome.error or "")
    assert local_server.hits[ROUTE] == 1
    assert _kinds(desk) == ["interaction.reply_sending", "interaction.reply_unknown"]
    assert [p.reply_id for p in desk.inbox.replies.pending(incident)] == [outcome.reply_id]
    assert desk.inbox.detail(iid).row.status == "new"
    with pytest.raises(ConflictError):
        desk.inbox.replies.reply(iid, "observation-thanks")
    assert desk.log.verify().ok


def test_a_server_that_cannot_be_reached_means_failed(
    room: tuple[Desk, int], local_server: LocalServer
) -> None:
    """Nothing left the laptop: the reply failed and may simply be sent again."""
    desk, incident = room
    (iid,) = _setup(desk, incident, local_server)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there any more
    desk.inbox.connectors.configure(
        "whatsapp", "whatsapp", incident, {"base_url": f"http://127.0.0.1:{port}/v21.0"}
    )
    outcome = desk.inbox.replies.reply(iid, "observation-thanks")
    assert outcome.result == "failed" and "cannot connect" in (outcome.error or "")
    assert _kinds(desk) == ["interaction.reply_sending", "interaction.reply_failed"]
    assert desk.inbox.replies.pending(incident) == []
