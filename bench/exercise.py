"""A 5,000-message rumour wave injected at 10x while the trainer's room is open: how late the
injects arrive against their schedule (p99, in exercise time; goal <= 1 s) and the longest
GUI-thread stall while they arrive (goal <= 100 ms), against the same room's stall while idle,
measured first in the same run.

The trainer's console drives the injector, which runs in a process of its own (the bench
waits until it has started and prepared the run, and reports how long that took); the
inbox is on screen and refreshes from the change feed. Ratio = p99 lateness / 1 s.

    python bench/exercise.py [--quick]
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from _common import arguments, report, workdir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inbox_view import Heartbeat, pump_until
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from crisisdesk.storage.location import sqlite_url
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings

PASSWORD = "bench-pass-phrase"
WAVE = """\
format: 1
id: bench-wave
title: {{ar: موجة شائعة, en: Rumour wave}}
playbook: flood-urban
story: {{ar: شائعة انهيار سد, en: A dam rumour}}
duration: "T+{end}"
injects:
  - at: "T+00:05"
    id: wave
    rumour:
      seed: "عاجل: انهيار سد وادي الدمام وعلى سكان حي الفيصلية وحي الريان الإخلاء فوراً"
      variants: {variants}
      over: "{over}"
"""


def nearest(values: list[int], percent: int) -> int:
    ordered = sorted(values)
    return ordered[max(0, -(-percent * len(ordered) // 100) - 1)]


def main() -> None:
    args = arguments(__doc__ or "")
    variants, over, end = (500, "1:00", "02:00") if args.quick else (5000, "10:00", "11:00")
    folder = workdir()
    url = sqlite_url(folder / "exercise.db")
    desk = Desk.open(url, create=True)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.users.add("lead", PASSWORD, "lead", "قائد التمرين")
    desk.sign_in("lead", PASSWORD)
    source = folder / "wave.yaml"
    source.write_text(WAVE.format(variants=variants, over=over, end=end), encoding="utf-8")
    run = desk.exercises.start(str(source), speed=10)
    desk.exercises.pause(run.id)

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "ar")
    room_desk = Desk.open(url)
    room_desk.sign_in("lead", PASSWORD)
    ops = Ops()
    room = make_room(room_desk, ops, settings, prefs, run.incident_id)
    room.resize(1280, 800)
    room.show()
    pump_until(lambda: room.incident is not None and not ops.busy)
    console = room.show_screen("exercise")
    room.show_screen("inbox")
    pump_until(lambda: not ops.busy and getattr(console, "run", None) is not None)
    opened = time.perf_counter()
    pump_until(console.injector_ready, timeout=120)  # its process starts with the console
    injector_ready_s = time.perf_counter() - opened

    beat = Heartbeat()
    beat.start()
    idle_until = time.perf_counter() + 3.0
    pump_until(lambda: time.perf_counter() > idle_until)
    idle_stall = beat.stop()

    done = threading.Event()

    def watch() -> None:
        reader = Desk.open(url)
        try:
            while reader.exercises.injected_count(run.id) < variants:
                time.sleep(0.2)
        finally:
            reader.close()
        done.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    console.toggle_pause()  # the trainer presses Resume
    started = time.perf_counter()
    beat.start()
    pump_until(done.is_set, timeout=1800)
    wave_s = time.perf_counter() - started
    stall = beat.stop()
    room.ctx.feed.stop()  # type: ignore[union-attr]
    room.close()
    ops.wait_idle()
    late = desk.exercises.lateness(run.id)
    p99_s = nearest(late, 99) / 1e6
    p50_s = nearest(late, 50) / 1e6
    desk.close()
    room_desk.close()
    report(
        "exercise",
        p99_s / 1.0,
        1.0,
        "lower",
        messages=variants,
        speed=10,
        wall_s=round(wave_s, 2),
        lateness_p50_s=round(p50_s, 3),
        lateness_p99_s=round(p99_s, 3),
        lateness_max_s=round(max(late) / 1e6, 3),
        gui_stall_ms=round(stall * 1000, 1),
        gui_stall_goal_ms=100,
        idle_gui_stall_ms=round(idle_stall * 1000, 1),
        injector_ready_s=round(injector_ready_s, 2),
        injector="own process",
        stall_ratio_vs_idle=round(stall / idle_stall, 2) if idle_stall else None,
        folder=str(Path(folder)),
    )


if __name__ == "__main__":
    main()
