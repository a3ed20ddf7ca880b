"""File locks on Windows, simulated: the task-timer owner lock uses ``msvcrt.locking``
(byte-range, non-blocking) there instead of ``flock``. A second CrisisDesk on the same
database must see the lock as taken, and get it once the first lets go."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from crisisdesk.incidents.timers import TimerLock


class FakeMsvcrt(ModuleType):
    """``msvcrt.locking`` semantics: one holder per file region, refusal is an OSError."""

    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[str, int] = {}
        self.calls: list[tuple[int, int]] = []

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((mode, nbytes))
        path = os.path.realpath(f"/proc/self/fd/{fd}")
        holder = self.held.get(path)
        if holder is not None:
            try:
                os.fstat(holder)
            except OSError:  # the holder's handle was closed: Windows drops its locks
                holder = None
        if mode == self.LK_NBLCK:
            if holder is not None and holder != fd:
                raise PermissionError(13, "Permission denied")  # what msvcrt raises
            self.held[path] = fd


@pytest.fixture
def msvcrt(monkeypatch: pytest.MonkeyPatch) -> FakeMsvcrt:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to map a descriptor to its file")
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    return fake


def test_one_owner_per_database_on_windows(msvcrt: FakeMsvcrt, tmp_path: Path) -> None:
    path = tmp_path / "crisisdesk.db.timers.lock"
    first, second = TimerLock(path), TimerLock(path)
    assert first.acquire()
    assert not second.acquire(), "a second laptop process must not run the timers too"
    assert path.read_text() == str(os.getpid())
    first.release()
    assert second.acquire()
    second.release()
    assert msvcrt.calls[0] == (FakeMsvcrt.LK_NBLCK, 1), "non-blocking: never hang the app"
