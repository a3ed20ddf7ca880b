"""``inbox pending-replies`` and ``inbox reply-outcome``: a reply cut off while it was being
sent is shown to the operator, marked of unknown outcome, and settled by hand, never resent."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crisisdesk.clock import ManualClock
from crisisdesk.errors import CrisisDeskError
from crisisdesk.intake.replies import ReplyService
from crisisdesk.intake.rows import InboxFilters
from tests.helpers.cli import cli_env, run_cli
from tests.helpers.databases import PASSWORD, make_desk
from tests.unit.intake.inbox.conftest import open_flood
from tests.unit.intake.inbox.messages import batch, wa


def _power_cut(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("power cut")


def test_a_cut_off_reply_is_listed_marked_and_settled_by_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    sent_at = datetime.now(UTC) - timedelta(minutes=30)
    desk = make_desk(url, clock=ManualClock(sent_at))
    try:
        incident = open_flood(desk)
        desk.secrets.set("whatsapp.token", "wa-token")
        # Nothing listens on port 9: the request fails, then the recording is cut off too.
        desk.inbox.connectors.configure(
            "whatsapp", "whatsapp", incident, {"base_url": "http://127.0.0.1:9/v21.0"}
        )
        message = wa(
            "wamid.in1", "الشارع غرق عندنا", at=sent_at - timedelta(minutes=5),
            reply_address={"phone_number_id": "1234", "wa_id": "966500000001"},
        )  # fmt: skip
        desk.inbox.ingest(incident, batch(message), source="s", format="whatsapp")
        (iid,) = desk.inbox.ids(InboxFilters(incident))
        monkeypatch.setattr(ReplyService, "_finish", _power_cut)
        with pytest.raises(CrisisDeskError, match=r"did not go out .* could not be recorded"):
            desk.inbox.replies.reply(iid, "observation-thanks")
        (pending,) = desk.inbox.replies.pending(incident)
    finally:
        desk.close()

    env = cli_env(tmp_path / "data", CRISISDESK_PASSWORD=PASSWORD)
    base = ["--db", url, "--as", "olfa", "inbox"]
    show = run_cli([*base, "show", str(iid)], env)
    assert show.returncode == 0, show.stderr
    assert "reply sending by olfa" in show.stdout and "pending-replies" in show.stdout

    listed = run_cli([*base, "pending-replies", "--incident", str(incident), "--json"], env)
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert data["marked_unknown"] == [pending.reply_id]
    assert [(r["reply_id"], r["result"]) for r in data["replies"]] == [
        (pending.reply_id, "unknown")
    ]
    assert data["replies"][0]["idempotency_key"] == pending.idempotency_key
    text = run_cli([*base, "pending-replies"], env)
    assert "OUTCOME UNKNOWN" in text.stdout
    assert f"crisisdesk inbox reply-outcome {pending.reply_id} --sent" in text.stdout

    again = run_cli([*base, "reply", str(iid), "--template", "observation-thanks"], env)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "outcome unknown" in again.stderr and "reply-outcome" in again.stderr

    settled = run_cli([*base, "reply-outcome", str(pending.reply_id), "--not-sent"], env)
    assert settled.returncode == 0, settled.stderr
    assert "did not go out" in settled.stdout
    empty = run_cli([*base, "pending-replies"], env)
    assert empty.stdout.strip() == "no replies with an unknown outcome"
    verify = run_cli(["--db", url, "log", "verify"], env)
    assert verify.returncode == 0, verify.stdout + verify.stderr
