"""The exercise injector in a process of its own.

Injecting a message is intake work (the real parsers, triage, tone, clustering, one
decision per batch): done on a thread of the room's process, a 5,000-message wave took the
interpreter lock from the GUI thread for a second at a time. In its own process the GUI
thread only reads what the injector committed, from the change feed, like any other
laptop's work.

The worker is started by the app for the user signed in there and is handed the account's
name over its pipe (see ``Desk.take_over``); it ends when told, when the run stops, or when
its parent goes away (the pipe closes).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from crisisdesk.child_process import STOP, stop_child
from crisisdesk.exercises.records import TickReport

NOW = "now"
LONGEST_WAIT = 0.5  # seconds between passes while nothing is due (pause, resume, jumps)


@dataclass(frozen=True, slots=True)
class Message:
    """What the worker tells the app: a pass's report, an error line, or that it ended."""

    kind: str  # "ready", "tick", "error", "ended"
    report: TickReport | None = None
    text: str = ""


def drive(url: str, user: str, run_id: int, pipe: Connection) -> None:
    """The worker's loop: inject what is due, sleep until the next item, until told to stop."""
    from crisisdesk.desk import Desk
    from crisisdesk.intake.parsers.base import describe_error

    desk = Desk.open(url)
    try:
        desk.take_over(user)
        exercises = desk.exercises
        exercises.prepare(run_id)  # the schedule and the tagger, before the first item is due
        pipe.send(Message("ready"))
        while True:
            wait = LONGEST_WAIT
            try:
                report = exercises.tick(run_id)
                if report.injected or report.rejected or report.situations:
                    pipe.send(Message("tick", report))
                if exercises.get(run_id).state == "stopped":
                    pipe.send(Message("ended", text="stopped"))
                    return
                wait = exercises.wait_hint(run_id, report, longest=LONGEST_WAIT)
            except Exception as exc:  # told to the console; the next pass tries again
                pipe.send(Message("error", text=describe_error(exc)))
            if pipe.poll(wait) and pipe.recv() == STOP:
                return
    except (EOFError, BrokenPipeError, OSError):
        return  # the app went away
    finally:
        desk.close()


class InjectorProcess:
    """The app's handle on one worker: start, poke, read what it said, stop."""

    def __init__(self, url: str, user: str, run_id: int) -> None:
        context = multiprocessing.get_context("spawn")  # the same on Windows and Linux
        self.pipe, child = context.Pipe()
        self.process: Any = context.Process(
            target=drive, args=(url, user, run_id, child), name=f"injector-{run_id}", daemon=True
        )
        self.process.start()
        child.close()
        self.run_id = run_id
        self.ready = False  # the worker has started, signed in and prepared the run
        self.started = time.monotonic()
        self.ready_after: float | None = None  # seconds from start to ready

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def now(self) -> None:
        """Look at the clock again at once (after a resume, a jump or a speed change)."""
        with contextlib.suppress(OSError):
            self.pipe.send(NOW)

    def messages(self) -> list[Message]:
        """What the worker said since the last call (never blocks)."""
        out: list[Message] = []
        try:
            while self.pipe.poll(0):
                said = self.pipe.recv()
                if said.kind == "ready":
                    self.ready = True
                    self.ready_after = time.monotonic() - self.started
                else:
                    out.append(said)
        except (EOFError, OSError):
            pass
        return out

    def stop(self, timeout: float = 10) -> None:
        stop_child(self.process, self.pipe, timeout)


__all__ = ["InjectorProcess", "Message", "drive"]
