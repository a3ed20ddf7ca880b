"""The one background-work API: results and errors come back on the GUI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from crisisdesk.errors import RefusedError
from crisisdesk.ui.ops import Ops, error_line


def test_result_arrives_on_gui_thread(qtbot: Any, ops: Ops) -> None:
    seen: dict[str, Any] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is QApplication.instance().thread()

    ops.read(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen == {"worker": seen["worker"], "value": 42, "gui": True}
    assert seen["worker"] != threading.get_ident()


def test_core_error_is_one_line_without_traceback(qtbot: Any, ops: Ops) -> None:
    errors: list[str] = []

    def refuse() -> None:
        raise RefusedError("olfa (operator) may not incident.close")

    ops.write(refuse, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["olfa (operator) may not incident.close"]


def test_unexpected_error_goes_to_the_error_signal(qtbot: Any, ops: Ops, caplog: Any) -> None:
    def broken() -> None:
        raise KeyError("missing\nsecond line")

    with qtbot.waitSignal(ops.error) as blocker:
        ops.read(broken)
    message = blocker.args[0]
    assert message.startswith("KeyError:") and "\n" not in message


def test_writes_run_one_at_a_time_in_order(qtbot: Any, ops: Ops) -> None:
    running = 0
    most = 0
    order: list[int] = []
    lock = threading.Lock()

    def write(i: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return i

    for i in range(8):
        ops.write(lambda i=i: write(i), order.append)
    qtbot.waitUntil(lambda: len(order) == 8)
    assert most == 1
    assert order == list(range(8))


def test_progress_is_throttled(qtbot: Any, ops: Ops) -> None:
    updates: list[tuple[int, int]] = []
    done: list[Any] = []

    def long(progress: Any) -> str:
        for i in range(1, 100_001):
            progress(i, 100_000)
        return "ok"

    ops.long_read(long, lambda d, t: updates.append((d, t)), done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert done == ["ok"]
    assert 1 <= len(updates) < 100
    assert updates[-1] == (100_000, 100_000)


def test_error_line_flattens() -> None:
    assert error_line(ValueError("a\n  b")) == "ValueError: a b"
    assert error_line(RuntimeError()) == "RuntimeError"
