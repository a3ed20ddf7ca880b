"""A guard against a reference-counting bug in PySide6 6.12.0.

There, every ``signal.emit(...)`` called from Python drops one reference to ``True``
without having taken it. Python 3.11's ``True`` is a static object, so nothing is
freed, but when its count reaches zero the interpreter aborts ("bool_dealloc") — after
some thousands of emits, i.e. minutes into a crisis. We measure the leak once with a
probe signal and, only if it is there, give ``True`` (and ``False``) a reserve of
references no session can use up. Harmless on a fixed PySide6 (the probe finds no leak).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

RESERVE = 1 << 40
_applied = False


class _Probe(QObject):
    fired = Signal()


def _leak_per_emit() -> dict[bool, int]:
    probe = _Probe()
    probe.fired.connect(lambda: None)
    before = {value: sys.getrefcount(value) for value in (True, False)}
    for _ in range(8):
        probe.fired.emit()
    after = {value: sys.getrefcount(value) for value in (True, False)}
    return {value: before[value] - after[value] for value in (True, False)}


def apply() -> bool:
    """Add the reserve if this PySide6 leaks; returns whether it did."""
    global _applied
    if _applied or sys.version_info >= (3, 12):  # immortal booleans from 3.12 on
        return _applied
    leaks = _leak_per_emit()
    for value, lost in leaks.items():
        if lost > 0:
            import ctypes  # only on a leaking PySide6

            ctypes.c_ssize_t.from_address(id(value)).value += RESERVE
            _applied = True
    return _applied
