"""A decision on laptop A to the refresh of laptop B's open inbox, on PostgreSQL: with the
LISTEN/NOTIFY change feed vs the one-second poll it replaces (baseline, same run).

Laptop A is another process triaging messages (a priority change each time); laptop B is this
process with the real main window open on the inbox. The time runs from A's commit returning
to the moment B's inbox model holds the changed row. Goal: p95 <= 250 ms with notifications.
Needs CRISISDESK_TEST_PG_URL (a server where a throw-away database may be created).

    python bench/room_latency.py [--quick]
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from _common import ROOT, arguments, report, workdir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psycopg
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from crisisdesk.desk import Desk
from crisisdesk.ui.app import make_room, prepare_app
from crisisdesk.ui.ops import Ops
from crisisdesk.ui.settings import UiSettings

sys.path.insert(0, str(ROOT))
from tests.helpers.databases import PASSWORD

GOAL_P95_MS = 250.0


def pump_until(done: Any, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("laptop B did not show the change in time")
        QCoreApplication.processEvents()
        time.sleep(0.001)


def make_database(base: str) -> tuple[str, str]:
    url = make_url(base)
    name = f"crisisdesk_bench_{uuid.uuid4().hex[:10]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False), admin


def seed(url: str, folder: Path, messages: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.helpers.databases import make_desk, sign_in_as
    from tests.helpers.room import write_whatsapp

    desk = make_desk(url)
    sign_in_as(desk, "lead")
    incident = desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban").id
    desk.inbox.ingest_files(incident, "whatsapp", [write_whatsapp(folder / "m.jsonl", messages)])
    desk.close()


def run(app: QApplication, url: str, folder: Path, samples: int, listen: bool) -> list[float]:
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "en")
    desk = Desk.open(url)
    desk.sign_in("layla", PASSWORD)
    ops = Ops()
    room = make_room(desk, ops, settings, prefs, 1)
    room.resize(1280, 800)
    room.show()
    feed = room.ctx.feed
    pump_until(lambda: room.incident is not None and not ops.busy)
    screen = room.show_screen("inbox")
    model, table = screen.model, screen.table
    pump_until(lambda: model.rowCount() > 0)
    if listen:
        pump_until(lambda: feed.is_listening)
    else:
        feed._listener.stop()  # this laptop without notifications: the poll alone
        feed._listener = None
        feed._on_listening(False)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    laptop = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "_room_laptop.py"), url, "olfa", PASSWORD],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert laptop.stdin is not None and laptop.stdout is not None
    assert laptop.stdout.readline().strip() == "READY"
    shown_ids = [model.row_at(i, wait=True) for i in range(min(20, model.rowCount()))]
    ids = [r.id for r in shown_ids if r is not None]
    latencies: list[float] = []
    rng = random.Random(7)
    try:
        for n in range(samples):
            ident = ids[n % len(ids)]
            row = model.row_of(ident)
            assert row is not None
            before = model.row_at(row)
            assert before is not None
            priority = "high" if before.priority != "high" else "low"
            laptop.stdin.write(f"GO {ident} {priority}\n")
            laptop.stdin.flush()

            def changed(ident: int = ident, version: int = before.version) -> bool:
                table.viewport().repaint()
                at = model.row_of(ident)
                current = model.row_at(at) if at is not None else None
                return current is not None and current.version > version

            pump_until(changed)
            seen = time.time()
            committed = float(laptop.stdout.readline().split()[1])
            latencies.append((seen - committed) * 1000)
            pause = time.perf_counter() + rng.uniform(0.1, 0.4)
            pump_until(lambda p=pause: time.perf_counter() > p)
    finally:
        laptop.stdin.close()
        laptop.wait(timeout=30)
        room.close()
        ops.wait_idle()
        QCoreApplication.processEvents()
        desk.close()
    return latencies


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    args = arguments(__doc__ or "")
    base = os.environ.get("CRISISDESK_TEST_PG_URL")
    if not base:
        raise SystemExit("set CRISISDESK_TEST_PG_URL to a PostgreSQL server")
    folder = workdir()
    samples = 12 if args.quick else 60
    url, admin = make_database(base)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    try:
        seed(url, folder, 200)
        listened = run(app, url, folder, samples, listen=True)
        polled = run(app, url, folder, samples, listen=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    detail = {
        "samples": samples,
        "listen_p50_ms": round(statistics.median(listened), 1),
        "listen_p95_ms": round(p95(listened), 1),
        "poll_p50_ms": round(statistics.median(polled), 1),
        "poll_p95_ms": round(p95(polled), 1),
        "goal_p95_ms": GOAL_P95_MS,
        "met": p95(listened) <= GOAL_P95_MS,
    }
    print(f"listen p50/p95 {detail['listen_p50_ms']}/{detail['listen_p95_ms']} ms; "
          f"poll p50/p95 {detail['poll_p50_ms']}/{detail['poll_p95_ms']} ms")  # fmt: skip
    report("room_latency", p95(listened) / p95(polled), 0.25, "lower", **detail)


if __name__ == "__main__":
    main()
