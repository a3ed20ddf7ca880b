"""The checklist's once-a-second countdown tick (new time, repaint of the visible rows) vs a
tick that reads the tasks from the database again and resets the model, as a naive screen
would (ratio, goal <= 0.5: the live countdown costs less than half a database read).

The incident runs the bundled flood playbook for a week on a manual clock (a day with
``--quick``), so recurring tasks have spawned hundreds of occurrences. Run from the
project root:

    python bench/checklist_tick.py [--quick]
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime, timedelta

from _common import arguments, report, workdir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication

from crisisdesk.clock import ManualClock
from crisisdesk.desk import Desk
from crisisdesk.storage.location import sqlite_url
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings

PASSWORD = "bench-pass"


def median_ms(fn: object, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        QCoreApplication.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    args = arguments(__doc__ or "")
    folder = workdir()
    days = 1 if args.quick else int(os.environ.get("BENCH_DAYS", "7"))
    rounds = 20 if args.quick else 60
    clock = ManualClock(datetime(2026, 11, 1, 6, 0, tzinfo=UTC))
    desk = Desk.open(sqlite_url(folder / "bench.db"), create=True, clock=clock)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.users.add("lead", PASSWORD, "lead")
    desk.sign_in("lead", PASSWORD)
    incident = desk.incidents.open("سيول الدمام", 3, playbook_id="flood-urban").id
    clock.advance(timedelta(days=days))
    desk.tasks.roll_recurring(limit=100_000)
    tasks = len(desk.tasks.list(incident))

    app = QApplication.instance() or QApplication(["bench"])
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "en")  # type: ignore[arg-type]
    ops = Ops()
    room = make_room(desk, ops, settings, prefs, incident)
    room.resize(1280, 800)
    room.show()
    screen = room.show_screen("checklist")
    deadline = time.monotonic() + 30
    while (not screen.loaded or ops.busy) and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert screen.model.rowCount() > 0
    screen.timer.stop()
    room.ctx.feed.stop()

    def tick() -> None:
        clock.advance(timedelta(seconds=1))
        screen.tick()

    def reread() -> None:
        clock.advance(timedelta(seconds=1))
        found = desk.tasks.list(incident)
        snapshot = desk.incidents.playbook_snapshot(incident)
        screen.model.set_tasks(found, snapshot, clock.now())
        screen.expand()

    ours = median_ms(tick, rounds)
    baseline = median_ms(reread, rounds)
    room.close()
    ops.wait_idle()
    desk.close()
    report(
        "checklist_tick",
        ours / baseline,
        0.5,
        "lower",
        tasks=tasks,
        days=days,
        rounds=rounds,
        tick_ms=round(ours, 3),
        reread_ms=round(baseline, 3),
    )


if __name__ == "__main__":
    main()
