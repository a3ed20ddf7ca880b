"""Stopping a worker child process the same way everywhere: ask it over its pipe, wait, and
only then terminate it, so a drain or an inject under way finishes and nothing is left
half-written. Used by the webhook processor and the exercise injector."""

from __future__ import annotations

import contextlib
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

STOP = "stop"


def stop_child(process: BaseProcess, pipe: Connection, timeout: float) -> None:
    """Send STOP, wait up to ``timeout`` seconds, then terminate; close the pipe."""
    with contextlib.suppress(OSError):
        pipe.send(STOP)
    process.join(timeout)
    if process.is_alive():
        process.terminate()
        process.join(5)
    pipe.close()


__all__ = ["STOP", "stop_child"]
