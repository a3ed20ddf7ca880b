"""Opening the inbox on 1,000,000 interactions vs on 1,000 (ratio, goal <= 2), and the longest
GUI-thread stall while scrolling to the end and while filtering (search, status, overdue).

The databases are the ones ``search.py`` builds (cached in the temp folder). The model holds
only the total and fetches pages of rows off the GUI thread. Run from the project root:

    python bench/inbox_view.py [--quick]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from _common import arguments, report, workdir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication
from search import PASSWORD, build

from crisisdesk.desk import Desk
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between ticks is the worst stall."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def pump_until(done: Any, timeout: float = 600.0) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the view did not finish in time")
        QCoreApplication.processEvents()
        time.sleep(0.0005)


def measure(app: QApplication, url: str, folder: Path) -> dict[str, Any]:
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "ar")
    desk = Desk.open(url)
    desk.sign_in("olfa", PASSWORD)
    ops = Ops()
    room = make_room(desk, ops, settings, prefs, 1)
    room.resize(1280, 800)
    room.show()
    pump_until(lambda: room.incident is not None and not ops.busy)
    beat = Heartbeat()

    beat.start()
    started = time.perf_counter()
    screen = room.show_screen("inbox")
    model, table = screen.model, screen.table
    pump_until(lambda: model.rowCount() > 0)
    table.viewport().repaint()  # asks for the first page
    pump_until(lambda: model.row_at(0) is not None)
    table.viewport().repaint()  # paints it
    opened = time.perf_counter() - started
    # the count fills in the scroll range
    pump_until(lambda: screen._reload_state.total is not None)
    count_s = time.perf_counter() - started
    open_gap = beat.stop()
    rows = model.rowCount()

    bar = table.verticalScrollBar()
    beat.start()
    worst_step = 0.0
    for i in range(1, 101):
        t = time.perf_counter()
        bar.setValue(bar.maximum() * i // 100)
        table.viewport().repaint()
        QCoreApplication.processEvents()
        worst_step = max(worst_step, time.perf_counter() - t)
    t = time.perf_counter()
    table.scrollToBottom()
    table.viewport().repaint()
    pump_until(lambda: model.row_at(rows - 1) is not None)
    table.viewport().repaint()
    end_s = time.perf_counter() - t
    scroll_stall = max(worst_step, beat.stop())

    beat.start()
    t = time.perf_counter()
    for text in ("مدارس", "انهيار سد", "school", ""):
        before = model.fetches
        screen.search.setText(text)
        screen.reload()
        pump_until(lambda b=before: not ops.busy and model.fetches >= b)
        table.viewport().repaint()
        pump_until(lambda: not ops.busy)
    screen.bar.status.setCurrentIndex(screen.bar.status.findData("answered"))
    pump_until(lambda: not ops.busy)
    screen.overdue.setChecked(True)
    pump_until(lambda: not ops.busy)
    filter_s = time.perf_counter() - t
    filter_stall = beat.stop()
    room.ctx.feed.stop()
    room.close()
    ops.wait_idle()
    desk.close()
    return {
        "rows": rows,
        "open_s": opened,
        "count_known_s": round(count_s, 3),
        "open_gui_max_gap_ms": round(open_gap * 1000, 1),
        "scroll_max_stall_ms": round(scroll_stall * 1000, 1),
        "end_rows_shown_ms": round(end_s * 1000, 1),
        "filter_max_stall_ms": round(filter_stall * 1000, 1),
        "filters_s": round(filter_s, 3),
        "page_fetches": model.fetches,
    }


def main() -> None:
    args = arguments(__doc__ or "")
    large = 50_000 if args.quick else 1_000_000
    folder = workdir()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    small_url, _ = build(1_000)
    large_url, _ = build(large)
    measure(app, small_url, folder)  # warm imports and fonts once
    small = measure(app, small_url, folder)
    big = measure(app, large_url, folder)
    report(
        "inbox_view",
        big["open_s"] / small["open_s"],
        goal=2.0,
        better="lower",
        small=small,
        large=big,
        longest_gui_stall_ms=max(
            big["scroll_max_stall_ms"], big["filter_max_stall_ms"], big["open_gui_max_gap_ms"]
        ),
    )


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # skip PySide6's teardown at interpreter exit; the report is out
