"""The webhook's processor in a process of its own.

Answering a POST is cheap (check the signature, commit the body); turning bodies into
interactions is not (parse, triage, tone, cluster, index, one decision per batch). On one
interpreter the processor took the interpreter lock from the threads answering Meta, so a
burst was answered in seconds instead of milliseconds. ``webhook serve`` therefore runs the
processor as a child process, started for the signed-in user (handed the account's name
over its pipe, never a password; see ``Desk.take_over``) and supervised: if it dies it is
counted and started again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from crisisdesk.child_process import STOP, stop_child


def process(url: str, user: str, incident_id: int, cycle: float, pipe: Connection) -> None:
    """Drain what arrived, once per ``cycle``: one decision per cycle, never one per POST.

    An error is told to the parent and the loop goes on after a pause that grows with
    repeated failures; it ends only when told, or when the parent goes away.
    """
    from crisisdesk.desk import Desk
    from crisisdesk.intake.parsers.base import describe_error
    from crisisdesk.intake.webhook_server import drain

    desk = Desk.open(url)
    try:
        desk.take_over(user)
        failures = 0
        while True:
            try:
                drain(desk.inbox, incident_id)
                failures, pause = 0, cycle
            except Exception as exc:
                failures += 1
                pipe.send(("error", describe_error(exc)))
                pause = min(30.0, cycle * 2**failures)
            if pipe.poll(pause) and pipe.recv() == STOP:
                return
    except (EOFError, BrokenPipeError, OSError):
        return  # the server went away
    finally:
        desk.close()


class ProcessorProcess:
    """The server's handle on its processor process."""

    def __init__(self, url: str, user: str, incident_id: int, cycle: float) -> None:
        context = multiprocessing.get_context("spawn")  # the same on Windows and Linux
        self.pipe, child = context.Pipe()
        self.process: Any = context.Process(
            target=process,
            args=(url, user, incident_id, cycle, child),
            name=f"webhook-processor-{incident_id}",
            daemon=True,
        )
        self.process.start()
        child.close()

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    @property
    def exitcode(self) -> int | None:
        code = self.process.exitcode
        return None if code is None else int(code)

    def errors(self) -> list[str]:
        """Errors the processor reported since the last call (never blocks)."""
        out: list[str] = []
        with contextlib.suppress(EOFError, OSError):
            while self.pipe.poll(0):
                kind, text = self.pipe.recv()
                if kind == "error":
                    out.append(str(text))
        return out

    def stop(self, timeout: float = 60) -> None:
        """Ask it to stop after the drain under way (bodies stay durable either way)."""
        stop_child(self.process, self.pipe, timeout)


__all__ = ["ProcessorProcess", "process"]
