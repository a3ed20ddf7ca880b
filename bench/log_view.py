"""Opening the decision log view on 1,000,000 decisions vs on 1,000 (ratio, goal <= 2),
the longest GUI-thread stall while scrolling to the end and while verifying, and the
memory the view adds.

The log is built with the core's own entry and hash functions, in bulk (as
``log_verify.py`` does), so the view reads a real chained log. Run from the project root:

    python bench/log_view.py [--quick]
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import arguments, report, workdir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from crisisdesk.desk import Desk
from crisisdesk.storage.chain import entry_hash
from crisisdesk.storage.decision_log import entry_body
from crisisdesk.storage.location import sqlite_url
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings

PASSWORD = "bench-pass-phrase"


def build(folder: Path, count: int) -> str:
    """A desk with an admin, one incident and ``count`` chained decisions in all.

    Kept in the system's temp folder between runs (building a million entries takes
    minutes); rebuilt when missing or of another size.
    """
    cache = Path(tempfile.gettempdir()) / "crisisdesk-bench-log-view"
    cache.mkdir(exist_ok=True)
    path = cache / f"log_{count}.db"
    url = sqlite_url(path)
    if path.exists():
        try:
            desk = Desk.open(url)
            try:
                if desk.log.head().seq == count:
                    return url
            finally:
                desk.close()
        except Exception:  # a broken leftover: build it again
            pass
        for stale in cache.glob(f"log_{count}.db*"):
            stale.unlink()
    desk = Desk.open(url, create=True)
    try:
        desk.users.create_first_admin("admin", PASSWORD)
        desk.sign_in("admin", PASSWORD)
        desk.users.add("lead", PASSWORD, "lead", "قائد الحادثة")
        desk.sign_in("lead", PASSWORD)
        incident = desk.incidents.open("سيول الدمام — قياس الأداء", 3)
        path, log_id = desk.db.sqlite_path, desk.log_id
    finally:
        desk.close()
    conn = sqlite3.connect(path, isolation_level=None)
    seq, prev = conn.execute("SELECT seq, hash FROM decisions ORDER BY seq DESC LIMIT 1").fetchone()
    rows: list[tuple[int, str, str, str]] = []
    conn.execute("BEGIN IMMEDIATE")
    for n in range(count - seq):
        seq += 1
        body = entry_body(
            seq=seq, at=f"2026-01-01T{6 + n // 360_000 % 18:02d}:00:00.000000Z",
            incident_id=incident.id, actor="lead", role="lead", kind="interaction.triaged",
            subject=f"interaction:{n}", summary_ar=f"تصنيف البلاغ رقم {n} كشكوى",
            summary_en=f"triaged interaction {n} as complaint",
            payload={"category": "complaint", "n": n}, corrects=None)
        digest = entry_hash(log_id, seq, prev, body.encode())
        rows.append((seq, body, prev, digest))
        prev = digest
        if len(rows) == 50_000:
            conn.executemany("INSERT INTO decisions (seq, body, prev_hash, hash) "
                             "VALUES (?,?,?,?)", rows)
            rows.clear()
    if rows:
        conn.executemany("INSERT INTO decisions (seq, body, prev_hash, hash) VALUES (?,?,?,?)",
                         rows)
    conn.execute("COMMIT")
    conn.close()
    return url


def rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return None


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


def measure(app: QApplication, url: str, folder: Path, verify: bool) -> dict[str, Any]:
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "ar")
    desk = Desk.open(url)
    desk.sign_in("lead", PASSWORD)
    ops = Ops()
    room = make_room(desk, ops, settings, prefs, desk.incidents.list()[0].id)
    room.resize(1280, 800)
    room.show()
    pump_until(lambda: room.incident is not None and not ops.busy)
    beat = Heartbeat()
    rss_before = rss_bytes()

    beat.start()
    started = time.perf_counter()
    screen = room.show_screen("log")
    table = screen.table
    model = screen.model
    pump_until(lambda: screen.loaded and model.rowCount() > 0)
    table.viewport().repaint()  # asks for the first rows
    pump_until(lambda: model.is_cached(0))
    table.viewport().repaint()  # paints them
    opened = time.perf_counter() - started
    loading_gap = beat.stop()

    bar = table.verticalScrollBar()
    steps = 200
    worst_step = 0.0
    beat.start()
    for i in range(1, steps + 1):
        t = time.perf_counter()
        bar.setValue(bar.maximum() * i // steps)
        table.viewport().repaint()
        QCoreApplication.processEvents()
        worst_step = max(worst_step, time.perf_counter() - t)
    t = time.perf_counter()
    table.scrollToBottom()
    table.viewport().repaint()
    last_row = model.rowCount() - 1
    pump_until(lambda: model.is_cached(last_row))
    table.viewport().repaint()
    fill_s = time.perf_counter() - t
    worst_step = max(worst_step, beat.stop())
    assert model.index(last_row, 0).data() in ("1", "١")
    rss_after = rss_bytes()

    result: dict[str, Any] = {
        "rows": screen.model.rowCount(),
        "open_s": opened,
        "open_gui_max_gap_ms": round(loading_gap * 1000, 1),
        "scroll_max_stall_ms": round(worst_step * 1000, 1),
        "end_rows_shown_ms": round(fill_s * 1000, 1),
        "fetches": screen.model.fetches,
        "memory_added_mb": (round((rss_after - rss_before) / 2**20, 1)
                            if rss_before is not None and rss_after is not None else None),
    }
    if verify:
        beat.start()
        t = time.perf_counter()
        screen.verify()
        pump_until(lambda: screen.verdict is not None)
        result["verify_s"] = round(time.perf_counter() - t, 2)
        result["verify_gui_max_gap_ms"] = round(beat.stop() * 1000, 1)
        result["verify_ok"] = bool(screen.verdict.ok)
    room.ctx.feed.stop()
    room.close()
    ops.wait_idle()
    QCoreApplication.processEvents()
    desk.close()
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per figure, the median of the runs (a shared machine makes single runs noisy)."""
    merged: dict[str, Any] = {}
    for key in runs[-1]:
        values = [run[key] for run in runs if key in run]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        merged[key] = statistics.median(values) if numeric else values[-1]
    merged["runs"] = len(runs)
    return merged


def main() -> None:
    args = arguments(__doc__.splitlines()[0] if __doc__ else "")
    small, large = (1_000, 50_000) if args.quick else (1_000, 1_000_000)
    folder = workdir()
    started = time.perf_counter()
    urls = {n: build(folder, n) for n in (small, large)}
    build_s = time.perf_counter() - started
    app = QApplication.instance() or QApplication(sys.argv[:1])
    measure(app, urls[small], folder, verify=False)  # warm-up: imports, fonts, translations
    measure(app, urls[large], folder, verify=False)  # warm-up: the file's pages
    repeats = 3
    few = median_of([measure(app, urls[small], folder, verify=False) for _ in range(repeats)])
    many = median_of([measure(app, urls[large], folder, verify=i == repeats - 1)
                      for i in range(repeats)])
    print(f"open {few['rows']:,} rows: {few['open_s'] * 1000:.1f} ms; "
          f"{many['rows']:,} rows: {many['open_s'] * 1000:.1f} ms; "
          f"scroll stall {many['scroll_max_stall_ms']} ms; "
          f"verify stall {many.get('verify_gui_max_gap_ms')} ms")
    for side in (few, many):
        side["open_ms"] = round(side.pop("open_s") * 1000, 2)
    report("log_view", many["open_ms"] / few["open_ms"], 2.0, "lower",
           small=few, large=many, build_s=round(build_s, 1))


if __name__ == "__main__":
    main()
