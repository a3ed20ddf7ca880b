"""Keyboard triage of 200 messages in a row in the real Inbox screen: a category key pressed
to the decision committed and the row showing it, p95 (goal <= 50 ms), on an inbox of
1,000,000 interactions as a ratio to the same on 1,000 (goal <= 1.5).

The databases are the ones ``search.py`` builds (cached in the temp folder). Each press is a
real key event on the table (1-5: complaint ... rumour), then J moves to the next row.

    python bench/triage_keys.py [--quick]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from _common import arguments, report, workdir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from search import PASSWORD, build

from crisisdesk.desk import Desk
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings

KEYS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]
CATEGORIES = ["complaint", "observation", "suggestion", "question", "rumour"]


def pump_until(done: Any, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the inbox did not show the change in time")
        QCoreApplication.processEvents()


def measure(app: QApplication, url: str, folder: Path, presses: int) -> list[float]:
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "ar")
    desk = Desk.open(url)
    desk.sign_in("olfa", PASSWORD)
    ops = Ops()
    room = make_room(desk, ops, settings, prefs, 1)
    room.resize(1280, 800)
    room.show()
    pump_until(lambda: room.incident is not None and not ops.busy)
    screen = room.show_screen("inbox")
    model, table = screen.model, screen.table
    pump_until(lambda: model.rowCount() > 0)

    def first_row() -> bool:
        table.viewport().repaint()  # painting asks for the first page
        return model.row_at(0) is not None

    pump_until(first_row)
    room.activateWindow()  # shortcuts reach only the active window
    pump_until(room.isActiveWindow, 10)
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_J)
    pump_until(lambda: screen.current is not None)
    timings: list[float] = []
    try:
        for n in range(presses):
            current = screen.current
            assert current is not None
            ident = current.row.id
            choice = (n + (CATEGORIES.index(current.row.category) + 1 if current.row.category
                           else 0)) % len(KEYS)  # fmt: skip
            wanted = CATEGORIES[choice]
            if current.row.category == wanted:
                choice = (choice + 1) % len(KEYS)
                wanted = CATEGORIES[choice]
            started = time.perf_counter()
            QTest.keyClick(table, KEYS[choice])

            def shown(ident: int = ident, wanted: str = wanted) -> bool:
                table.viewport().repaint()
                at = model.row_of(ident)
                row = model.row_at(at) if at is not None else None
                return row is not None and row.category == wanted

            pump_until(shown)
            timings.append((time.perf_counter() - started) * 1000)
            QTest.keyClick(table, Qt.Key.Key_J)

            def moved(ident: int = ident) -> bool:
                table.viewport().repaint()
                return screen.current is not None and screen.current.row.id != ident

            pump_until(moved)
    finally:
        room.close()
        ops.wait_idle()
        QCoreApplication.processEvents()
        desk.close()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    args = arguments(__doc__ or "")
    folder = workdir()
    small, large = (1_000, 20_000) if args.quick else (1_000, 1_000_000)
    presses = 30 if args.quick else 200
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    small_url, _ = build(small)
    large_url, _ = build(large)
    base = measure(app, small_url, folder, presses)
    big = measure(app, large_url, folder, presses)
    detail = {
        "presses": presses,
        "small": small,
        "large": large,
        "small_p50_ms": round(statistics.median(base), 1),
        "small_p95_ms": round(p95(base), 1),
        "large_p50_ms": round(statistics.median(big), 1),
        "large_p95_ms": round(p95(big), 1),
        "goal_p95_ms": 50,
        "p95_met": p95(big) <= 50,
    }
    print(f"{large:,}: p50/p95 {detail['large_p50_ms']}/{detail['large_p95_ms']} ms; "
          f"{small:,}: {detail['small_p50_ms']}/{detail['small_p95_ms']} ms")  # fmt: skip
    report("triage_keys", p95(big) / p95(base), 1.5, "lower", **detail)


if __name__ == "__main__":
    main()
