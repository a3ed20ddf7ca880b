"""The Qt binding must not leak references: PySide6 6.12.0 on Python 3.11 lost one reference
to True or None per signal emit and aborted the interpreter within an hour of a room open."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal()
    carried = Signal(object)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True and None are immortal from 3.12")
def test_signals_and_setters_keep_reference_counts(qtbot: object) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(lambda: None)
    emitter.carried.connect(received.append)
    label = QLabel()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(500):
        emitter.fired.emit()
        emitter.carried.emit(None)
        label.setText("سيول الدمام")
    received.clear()
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
