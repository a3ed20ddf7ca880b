"""Decision log: newest first, filters, verification (valid and tampered), checkpoints,
copying a hash, and decisions written by another process appearing live."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from crisisdesk.storage.decision_log import LogFilter
from crisisdesk.ui.log_model import KIND, SEQ, SUMMARY, DecisionLogModel, newest_first
from tests.helpers import tamper
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.ui.conftest import wait_loaded


def log_screen(qtbot: Any, open_room: Any, user: str = "layla") -> Any:
    room = open_room(user)
    screen = room.show_screen("log")
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    wait_loaded(qtbot, room.ctx.ops)
    return screen


def cell(qtbot: Any, model: Any, row: int, column: int) -> str:
    """A cell's text once its block has been read in the background."""
    model.index(row, column).data()
    qtbot.waitUntil(lambda: model.is_cached(row), timeout=5000)
    return str(model.index(row, column).data())


def test_model_passes_modeltester(qtbot: Any, qtmodeltester: Any, open_room: Any) -> None:
    screen = log_screen(qtbot, open_room)
    qtmodeltester.check(screen.model)


def test_newest_first_in_ui_language(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = log_screen(qtbot, open_room)
    model = screen.model
    head = desk.log.head().seq
    assert model.rowCount() == head
    assert cell(qtbot, model, 0, SEQ) == str(head)
    assert cell(qtbot, model, head - 1, SEQ) == "1"
    assert "created the first admin" in cell(qtbot, model, head - 1, SUMMARY)
    from crisisdesk.log.kinds import kind_summary

    kind = desk.log.get(head).kind
    shown = cell(qtbot, model, 0, KIND).strip("\u2066\u2068\u2069")
    assert shown == kind_summary(kind, "en")  # issue 17: a label, not ``task.spawned``
    assert shown != kind


def test_filter_by_kind_actor_and_text(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = log_screen(qtbot, open_room)
    qtbot.waitUntil(lambda: screen.kind_box.findData("user.added") > 0)
    screen.kind_box.setCurrentIndex(screen.kind_box.findData("user.added"))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    screen.kind_box.setCurrentIndex(0)
    screen.actor_box.setCurrentIndex(screen.actor_box.findData("layla"))
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3)
    screen.actor_box.setCurrentIndex(0)
    expected = desk.log.seqs(LogFilter(text="sandstorm"))
    assert expected
    qtbot.keyClicks(screen.text_edit, "sandstorm")
    qtbot.waitUntil(lambda: screen.model.rowCount() == len(expected), timeout=5000)
    assert [screen.model.seq_at(r) for r in range(len(expected))] == expected
    assert "sandstorm" in cell(qtbot, screen.model, 0, SUMMARY)
    screen.text_edit.clear()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 3, timeout=5000)
    assert screen.count_label.text().endswith("decisions")


def test_verify_valid_log_then_checkpoint(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = log_screen(qtbot, open_room)
    screen.verify()
    qtbot.waitUntil(lambda: screen.verdict is not None, timeout=20_000)
    assert screen.verdict.ok
    assert screen.verdict_label.text().startswith("Valid.")
    assert screen.verdict_label.property("verdict") == "ok"
    before = desk.log.head().seq
    screen.checkpoint_now()
    room = screen.window()
    qtbot.waitUntil(lambda: screen.model.rowCount() == before + 1, timeout=5000)
    qtbot.waitUntil(
        lambda: room.status.head is not None and room.status.head.last_checkpoint is not None,
        timeout=5000,
    )
    assert "signed just now" in room.status.head_label.text()


def test_copy_hash(qtbot: Any, open_room: Any, desk: Any) -> None:
    screen = log_screen(qtbot, open_room)
    screen.select_seq(2)
    copied = screen.copy_hash()
    assert copied == desk.log.get(2).hash
    assert QGuiApplication.clipboard().text() == copied
    assert "Hash:" in screen.detail.toPlainText()


def test_tampered_database_shows_failure_and_first_bad_seq(
    qtbot: Any, open_room: Any, db_url: str
) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    conn = tamper.open_raw(path)
    try:
        tamper.edit_summary(conn, 3, "added user olfa as admin")
    finally:
        conn.close()
    screen = log_screen(qtbot, open_room)
    screen.verify()
    qtbot.waitUntil(lambda: screen.verdict is not None, timeout=20_000)
    assert not screen.verdict.ok and screen.verdict.first_bad_seq == 3
    text = screen.verdict_label.text()
    assert text.startswith("TAMPERED") and "decision 3" in text
    assert screen.verdict_label.property("verdict") == "bad"
    assert screen.model.seq_at(screen.selected_row()) == 3


def test_decision_from_another_process_appears_within_two_seconds(
    qtbot: Any, open_room: Any, db_url: str, data_dir: Path
) -> None:
    screen = log_screen(qtbot, open_room)
    before = screen.model.rowCount()
    env = cli_env(data_dir)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "tests.helpers.appender", db_url, "1", "laptop2"],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    written = time.monotonic()
    qtbot.waitUntil(lambda: screen.model.rowCount() == before + 1, timeout=2000)
    assert "append 0 from laptop2" in cell(qtbot, screen.model, 0, SUMMARY)
    assert time.monotonic() - written < 2.0, time.monotonic() - started


WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def test_lazy_model_fetches_only_what_is_shown(qtmodeltester: Any) -> None:
    """A million rows cost a range; reading a row fetches one small block."""
    asked: list[list[int]] = []

    class Item:
        def __init__(self, seq: int) -> None:
            self.seq, self.at, self.actor, self.role = seq, WHEN, "a", "lead"
            self.kind, self.summary_ar, self.summary_en, self.hash = "k", "ع", "e", f"{seq:064x}"

    def fetch(seqs: list[int]) -> list[Item]:
        asked.append(seqs)
        return [Item(s) for s in seqs]

    from crisisdesk.ui.display import DisplayPrefs

    model = DecisionLogModel(fetch, DisplayPrefs(language="en", arabic_digits=False))
    model.set_seqs(newest_first(1_000_000))
    assert model.rowCount() == 1_000_000
    assert model.index(999_999, SEQ).data() == "1"
    assert model.index(0, SEQ).data() == "1000000"
    assert len(asked) == 2 and all(len(block) <= 100 for block in asked)
    model.prepend(range(1_000_002, 1_000_000, -1))
    assert model.rowCount() == 1_000_002 and isinstance(model._seqs, range)
    assert model.row_of(1_000_002) == 0


def test_background_fetch_never_blocks_painting(qtmodeltester: Any) -> None:
    """With a runner, an uncached row is blank until its block arrives, then repainted."""
    queued: list[tuple[Any, Any]] = []
    changed: list[tuple[int, int]] = []

    class Item:
        def __init__(self, seq: int) -> None:
            self.seq, self.at, self.actor, self.role = seq, WHEN, "a", "lead"
            self.kind, self.summary_ar, self.summary_en, self.hash = "k", "ع", "e", f"{seq:064x}"

    from crisisdesk.ui.display import DisplayPrefs

    model = DecisionLogModel(
        lambda seqs: [Item(s) for s in seqs],
        DisplayPrefs(language="en", arabic_digits=False),
        background=lambda call, done: queued.append((call, done)),
    )
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.set_seqs(newest_first(1_000))
    assert model.index(0, SUMMARY).data() == "…" and model.index(0, SEQ).data() == ""
    model.index(1, SEQ).data()
    assert len(queued) == 1, "one request per block, however many cells ask"
    call, done = queued.pop()
    done(call())
    assert changed == [(0, 49)]
    assert model.index(0, SEQ).data() == "1000"
    qtmodeltester.check(model)
