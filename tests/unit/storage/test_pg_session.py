"""Every connection to a shared server carries its own timeouts and keepalives."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import make_url

from crisisdesk.storage.engine import Database
from crisisdesk.storage.pg_session import SESSION_SETTINGS, Holder, connect_args


def test_defaults_are_set_when_the_url_says_nothing() -> None:
    args = connect_args(make_url("postgresql+psycopg://u@h/db"))
    assert args["keepalives_idle"] == 10 and args["keepalives"] == 1
    for name, value in SESSION_SETTINGS.items():
        assert f"-c {name}={value}" in args["options"]
    assert args["application_name"].startswith("crisisdesk ")


def test_the_url_wins_over_each_default() -> None:
    url = make_url(
        "postgresql+psycopg://u@h/db?keepalives_idle=30&options=-c%20lock_timeout%3D2s"
        "&application_name=room"
    )
    args = connect_args(url)
    assert "keepalives_idle" not in args  # the driver takes the URL's own value
    assert "application_name" not in args
    assert args["options"].count("lock_timeout=") == 1
    assert args["options"].endswith("-c lock_timeout=2s")
    assert "-c idle_in_transaction_session_timeout=" in args["options"]


def test_holder_names_who_and_since() -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 3, 1, 9, 0, 40, tzinfo=UTC)
    shown = Holder("sami@laptop-3", now - timedelta(seconds=40), 7).describe(now)
    assert shown == "sami@laptop-3 (since 09:00:00 UTC, 40 s)"


def test_sessions_on_the_server_carry_the_settings(pg_url: str) -> None:
    db = Database(pg_url + "?options=-c%20lock_timeout%3D1500ms")
    try:
        with db.read() as session:
            shown = {
                name: session.execute(text(f"SHOW {name}")).scalar_one()
                for name in ("lock_timeout", "idle_in_transaction_session_timeout",
                             "statement_timeout", "tcp_keepalives_idle")
            }  # fmt: skip
    finally:
        db.dispose()
    assert shown == {
        "lock_timeout": "1500ms",
        "idle_in_transaction_session_timeout": "15s",
        "statement_timeout": "2min",
        "tcp_keepalives_idle": "10",
    }


def test_a_server_missing_what_this_laptop_saw_committed_is_not_written_over(
    pg_url: str,
) -> None:
    """After a reconnect (perhaps to a promoted standby) the next write first checks that the
    server holds the newest entry this laptop saw committed; if not, nothing is written."""
    import pytest

    from crisisdesk.storage.engine import LostEntriesError
    from tests.helpers.databases import make_desk

    desk = make_desk(pg_url)
    try:
        with desk.transaction(None) as uow:
            uow.decide("test.seen", summary_ar="رأيته", summary_en="seen committed")
        seq, digest = desk.db.known_head or (0, "")
        assert seq == desk.log.head().seq and digest == desk.log.head().hash
        desk.db.known_head = (seq + 2, digest)  # as if the server lost its last two entries
        desk.db.engine.dispose()  # the connection drops; the next one may be another server
        refused = pytest.raises(LostEntriesError, match=rf"saw decision {seq + 2} committed")
        with refused, desk.transaction(None) as uow:
            uow.decide("test.after", summary_ar="بعد", summary_en="after the reconnect")
        assert desk.log.head().seq == seq
    finally:
        desk.close()
