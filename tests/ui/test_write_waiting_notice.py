"""A write waiting for the writer lock held by another laptop says so in the status bar."""

from __future__ import annotations

import threading
from typing import Any


def test_waiting_notice_from_a_worker_reaches_the_status_bar(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    notice = room.ctx.desk.db.on_wait
    assert notice is not None
    line = "waiting for the shared log: held by sami@laptop-3 (since 09:00:00 UTC, 7 s)"
    worker = threading.Thread(target=notice, args=(line,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: room.statusBar().currentMessage() == line, timeout=5000)


def test_a_stopped_feed_no_longer_takes_the_notices(qtbot: Any, open_room: Any) -> None:
    room = open_room()
    desk = room.ctx.desk
    assert desk.db.on_wait is not None
    room.ctx.feed.stop()
    assert desk.db.on_wait is None
