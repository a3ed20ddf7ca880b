"""Standard output whose reader may leave early: ``crisisdesk tasks list | head``.

When the reader closes the pipe, the next write fails with ``BrokenPipeError``. The guard
catches it wherever the write happens (a handler, a watch loop's scheduler thread, the
last flush), points the descriptor at the null device so nothing can fail again, and
remembers that the reader left; the entry point then ends with the status a shell gives
any command stopped by a closed pipe. The command's own work is not cut in half: a
publication being recorded still completes, only its report goes nowhere.
"""

from __future__ import annotations

import _thread
import os
import signal
import sys
import threading
from typing import Any, TextIO

# 128 + SIGPIPE: what a shell reports for a command whose reader closed the pipe.
BROKEN_PIPE_STATUS = 141


class StdoutGuard:
    """Wraps the real standard output for one command run; see the module docstring."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._left = threading.Event()

    @property
    def reader_left(self) -> bool:
        return self._left.is_set()

    def write(self, text: str) -> int:
        if not self._left.is_set():
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._leave()
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self._left.is_set():
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._leave()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    def _leave(self) -> None:
        if self._left.is_set():
            return
        self._left.set()
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, self.stream.fileno())
            finally:
                os.close(devnull)
        except (OSError, ValueError):  # no descriptor behind the stream (a test's capture)
            pass
        main = threading.main_thread()
        if threading.current_thread() is not main:
            # A watch loop printed from its scheduler thread: stop the command as Ctrl+C
            # would, since nobody reads what it reports any more. A real signal to the main
            # thread wakes it from a blocking wait; elsewhere the flag is seen at once.
            if hasattr(signal, "pthread_kill") and main.ident is not None:
                signal.pthread_kill(main.ident, signal.SIGINT)
            else:
                _thread.interrupt_main()


def install() -> StdoutGuard:
    """Put a guard in front of ``sys.stdout`` (undo with :func:`uninstall`)."""
    guard = StdoutGuard(sys.stdout)
    sys.stdout = guard
    return guard


def uninstall(guard: StdoutGuard) -> None:
    if sys.stdout is guard:
        sys.stdout = guard.stream
