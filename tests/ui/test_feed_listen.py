"""A decision on another laptop reaches this one's change feed at once on PostgreSQL, and the
feed falls back to the one-second poll while its listening connection is down."""

from __future__ import annotations

import time
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from crisisdesk.desk import Desk
from crisisdesk.storage.change_listener import ChangeListener
from crisisdesk.ui.feed import LISTENING_POLL_MS, POLL_MS, LogFeed
from crisisdesk.ui.ops import Ops
from tests.helpers.databases import PASSWORD, make_desk

pytestmark = pytest.mark.postgres


def _decide(desk: Desk, n: int) -> int:
    with desk.transaction(None) as uow:
        return uow.decide("test.remote", summary_ar=f"قرار {n}", summary_en=f"decision {n}")


def _kill_listeners(url: str) -> int:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND query IN ('LISTEN crisisdesk_log', 'SELECT 1')"
        ).fetchall()
    return len(rows)


def test_another_laptops_decision_arrives_at_once(qtbot: Any, ops: Ops, pg_url: str) -> None:
    here = make_desk(pg_url)
    there = Desk.open(pg_url)
    there.sign_in("admin", PASSWORD)
    feed = LogFeed(here, ops)
    got: list[Any] = []
    feed.decisions.connect(got.extend)
    try:
        feed.start()
        qtbot.waitUntil(lambda: feed.is_listening and feed.seq is not None, timeout=10_000)
        assert feed._timer.interval() == LISTENING_POLL_MS
        feed._timer.stop()  # only the notification can bring it now
        latencies = []
        for n in range(5):
            started = time.monotonic()
            seq = _decide(there, n)
            qtbot.waitUntil(lambda s=seq: any(d.seq == s for d in got), timeout=3000)
            latencies.append(time.monotonic() - started)
        assert max(latencies) < 1.0, latencies
    finally:
        feed.stop()
        there.close()
        here.close()


def test_listener_comes_back_after_its_connection_is_cut(pg_url: str) -> None:
    desk = make_desk(pg_url)
    seen: list[int] = []
    states: list[bool] = []
    listener = ChangeListener(pg_url, seen.append, states.append, retry_s=0.2)
    try:
        listener.start()
        deadline = time.monotonic() + 10
        while not listener.up and time.monotonic() < deadline:
            time.sleep(0.02)
        assert listener.up
        assert _kill_listeners(pg_url) >= 1
        deadline = time.monotonic() + 10
        while (False not in states or not listener.up) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert states[:3] == [True, False, True], states
        seq = _decide(desk, 1)
        deadline = time.monotonic() + 5
        while seq not in seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert seq in seen
    finally:
        listener.stop()
        desk.close()


def test_feed_polls_every_second_while_not_listening(qtbot: Any, ops: Ops, pg_url: str) -> None:
    desk = make_desk(pg_url)
    feed = LogFeed(desk, ops)
    try:
        feed.start()
        qtbot.waitUntil(lambda: feed.is_listening, timeout=10_000)
        feed.listening.emit(False)
        assert feed._timer.interval() == POLL_MS
    finally:
        feed.stop()
        desk.close()
