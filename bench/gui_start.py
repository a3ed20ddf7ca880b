"""Start-up time of the desktop app: process start to the first painted incident room,
as a ratio to a bare PySide6 QMainWindow measured in the same run.

Each sample is a fresh process (interpreter start included on both sides). The project
side opens the demo database, signs in (the password check is timed apart and left out
of the ratio: it is deliberately slow and happens while the user waits on the dialog),
then builds and paints the room. Run from the project root:

    python bench/gui_start.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_bare() -> None:
    """A bare QMainWindow: import, app, window, first paint."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    _report_first_paint(app, window, QEvent, QObject, {})


def child_project(url: str) -> None:
    """The app's own path to the room: Qt set-up, translations, theme, desk, room."""
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from crisisdesk.ui.app import make_room, prepare_app

    before_core = time.perf_counter()
    from crisisdesk.desk import Desk

    core_import = time.perf_counter() - before_core
    from crisisdesk.ui.ops import Ops
    from crisisdesk.ui.screenshot import default_incident
    from crisisdesk.ui.settings import UiSettings

    app = QApplication(sys.argv[:1])
    settings = UiSettings(QSettings(os.environ["BENCH_SETTINGS"], QSettings.Format.IniFormat))
    prefs = prepare_app(app, settings, "ar")
    desk = Desk.open(url)
    started = time.perf_counter()
    desk.sign_in("lead", os.environ["BENCH_PASSWORD"])
    sign_in = time.perf_counter() - started
    incident_id = default_incident(desk)
    room = make_room(desk, Ops(), settings, prefs, incident_id)
    _report_first_paint(app, room, QEvent, QObject,
                        {"sign_in_s": sign_in, "core_import_s": core_import})


def _report_first_paint(app, window, QEvent, QObject, extra):
    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is window:
                painted = time.time()
                print(json.dumps({"painted": painted, **extra}), flush=True)
                os._exit(0)
            return False

    spy = FirstPaint()
    window.installEventFilter(spy)
    window.show()
    app.exec()


def sample(mode: str, env: dict[str, str], url: str = "") -> dict[str, float]:
    started = time.time()
    out = subprocess.run([sys.executable, __file__, "--child", mode, url], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    elapsed = data.pop("painted") - started
    if "sign_in_s" in data:
        elapsed -= data["sign_in_s"]
    return {"s": elapsed, **data}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, url = args.child
        child_bare() if mode == "bare" else child_project(url)
        return 0

    runs = 3 if args.quick else 7
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "CRISISDESK_DATA_DIR": str(Path(folder) / "data"),
               "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
               "XDG_DATA_HOME": str(Path(folder) / "xdg"),
               "BENCH_SETTINGS": str(Path(folder) / "ui.ini"),
               "PYTHONPATH": str(ROOT)}
        build = ("from crisisdesk.demo import DEMO_PASSWORD, build_demo; "
                 "print(DEMO_PASSWORD); print(build_demo())")
        lines = subprocess.run([sys.executable, "-c", build], env=env, cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()
        env["BENCH_PASSWORD"], url = lines[-2], lines[-1]
        # one warm-up each (compiles .pyc files and the translations), then alternate
        sample("bare", env)
        sample("project", env, url)
        bare, project, sign_in, core = [], [], [], []
        for _ in range(runs):
            bare.append(sample("bare", env)["s"])
            result = sample("project", env, url)
            project.append(result["s"])
            sign_in.append(result["sign_in_s"])
            core.append(result["core_import_s"])
    bare_median = statistics.median(bare)
    project_median = statistics.median(project)
    detail = {
        "runs": runs,
        "bare_qmainwindow_s": round(bare_median, 4),
        "incident_room_s": round(project_median, 4),
        "sign_in_password_check_s": round(statistics.median(sign_in), 4),
        "core_import_s": round(statistics.median(core), 4),
        "ratio_without_core_import": round(
            (project_median - statistics.median(core)) / bare_median, 3),
        "platform": env["QT_QPA_PLATFORM"],
    }
    print(f"bare QMainWindow: {bare_median * 1000:.0f} ms; incident room: "
          f"{project_median * 1000:.0f} ms (median of {runs})")
    print(json.dumps({"bench": "gui_start", "ratio": round(project_median / bare_median, 3),
                      "goal": 1.5, "better": "lower", "detail": detail}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
