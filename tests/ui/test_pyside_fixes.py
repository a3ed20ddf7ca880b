"""The guard against PySide6 6.12.0 dropping a reference to True on every emit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from crisisdesk.ui import pyside_fixes


class Emitter(QObject):
    fired = Signal(object)


def test_many_emits_cannot_exhaust_true() -> None:
    pyside_fixes.apply()
    emitter = Emitter()
    emitter.fired.connect(lambda _value: None)
    for _ in range(20_000):
        emitter.fired.emit(None)
    assert sys.getrefcount(True) > 1_000
