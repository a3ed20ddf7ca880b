"""Templates render in a child process whose time and memory the template cannot reach.

The in-process guards of :mod:`crisisdesk.templating.sandbox` stop what they know about
with a precise reason, but a guard can only check what it was written for: one missed
method that allocates (``int.to_bytes``, ``str.join`` of a string) ran for seconds and
used gigabytes in the app itself. So every render happens in a warm worker process
started once: its address space is capped (``RLIMIT_AS`` on POSIX, a job object's memory
limit on Windows) and the parent kills it when a render outlasts the wall-clock limit,
then starts a fresh one. A burst of renders travels as one message, so the round trip is
paid once per burst. The worker's replies are JSON, never unpickled by the app.
"""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import sys
import threading
import time
import types
from collections.abc import Iterator, Mapping, Sequence
from multiprocessing.connection import Connection
from typing import Any

from crisisdesk.templating.sandbox import (
    MissingVariableError,
    RenderLimits,
    TemplateError,
    TemplateLimitError,
    TemplateRenderer,
    UnsafeTemplateError,
)

__all__ = ["MEMORY_LIMIT", "RenderWorker", "warm_up", "worker_for"]

MEMORY_LIMIT = 256 * 1024 * 1024
"""Address space of the worker process: every render fits in it, every attack does not."""

_ERRORS: dict[str, type[TemplateError]] = {
    "TemplateError": TemplateError,
    "TemplateLimitError": TemplateLimitError,
    "UnsafeTemplateError": UnsafeTemplateError,
    "MissingVariableError": MissingVariableError,
}

Job = tuple[str, Mapping[str, Any]]


def _limit_memory(limit: int) -> None:
    """Cap this process's address space (POSIX); Windows uses a job object from the parent."""
    try:
        import resource
    except ImportError:  # Windows
        return
    for which in (resource.RLIMIT_AS, resource.RLIMIT_DATA):
        _soft, hard = resource.getrlimit(which)
        capped = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        try:
            resource.setrlimit(which, (capped, hard))
            return
        except (ValueError, OSError):  # macOS refuses RLIMIT_AS: cap the data segment
            continue


def _serve(conn: Connection, html: bool, limits: RenderLimits, memory: int) -> None:
    """The worker's loop: receive a burst of jobs, answer with one JSON list."""
    _limit_memory(memory)
    renderer = TemplateRenderer(html=html, limits=limits, isolated=False)
    conn.send_bytes(b'"ready"')
    while True:
        try:
            jobs: Sequence[Job] = conn.recv()
        except (EOFError, OSError):
            return
        out: list[list[Any]] = []
        gc.disable()  # a burst allocates little that lives: collect once, after it
        for source, variables in jobs:
            try:
                out.append(["ok", renderer.render_here(source, variables)])
            except TemplateError as exc:
                out.append([type(exc).__name__, exc.reason, exc.line])
            except MemoryError:
                out.append(["TemplateLimitError", "the template needs too much memory", None])
            except Exception as exc:
                out.append(["TemplateError", f"{type(exc).__name__}: {exc}", None])
        try:
            reply = json.dumps(out, ensure_ascii=False).encode("utf-8", "surrogatepass")
        except MemoryError:
            reply = json.dumps(
                [["TemplateLimitError", "the template needs too much memory", None]] * len(out)
            ).encode()
        conn.send_bytes(reply)
        gc.enable()


class RenderWorker:
    """A child process rendering templates under hard wall-clock and memory limits.

    Thread-safe; one render (or burst) at a time. ``start`` may be called early so the
    first render does not pay for starting Python.
    """

    def __init__(
        self,
        *,
        html: bool = False,
        limits: RenderLimits | None = None,
        memory: int = MEMORY_LIMIT,
        hard_seconds: float | None = None,
    ) -> None:
        self.limits = limits or RenderLimits()
        self.html = html
        self.memory = memory
        # The worker's own deadline stops most overruns with a precise reason; the kill is
        # for what gets past it, soon enough that a payload ends within two seconds.
        self.hard_seconds = hard_seconds or self.limits.max_seconds + 0.3
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False
        self._job: Any = None
        self.restarts = 0
        self.track_peak = False
        self.last_peak: int | None = None
        """With ``track_peak``: the worker's peak resident memory after the last burst
        (Linux ``VmHWM``), read before a kill too; for the corpus report."""

    # -- life cycle ------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker if none is running (returns at once; it warms up meanwhile)."""
        with self._lock:
            self._spawn()

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Start the worker if needed and wait until it can render."""
        with self._lock:
            self._spawn()
            self._wait_ready(timeout)

    def _spawn(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        process = ctx.Process(
            target=_serve,
            args=(child, self.html, self.limits, self.memory),
            name="crisisdesk-render",
            daemon=True,
        )
        with _main_not_reimported():
            process.start()
        child.close()
        self._process, self._conn, self._ready = process, parent, False
        self._job = _windows_job(process.pid or 0, self.memory)

    def _wait_ready(self, timeout: float) -> None:
        assert self._conn is not None
        if self._ready:
            return
        if not self._conn.poll(timeout):
            raise TemplateError("the template renderer did not start")
        try:
            self._conn.recv_bytes()
        except (EOFError, OSError) as exc:
            raise TemplateError("the template renderer did not start") from exc
        self._ready = True

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self._ready = False
        if self._job is not None:
            from crisisdesk.templating import win_job

            win_job.close(self._job)
            self._job = None
        if conn is not None:
            conn.close()
        if process is not None:
            process.kill()
            process.join(5)
            with contextlib.suppress(ValueError):
                process.close()
        self.restarts += 1

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._kill()

    # -- rendering -------------------------------------------------------------------
    def render(self, source: str, variables: Mapping[str, Any]) -> str:
        """Render one template; every failure is a one-line :class:`TemplateError`."""
        result = self.render_many([(source, variables)])[0]
        if isinstance(result, TemplateError):
            raise result
        return result

    def render_many(self, jobs: Sequence[Job]) -> list[str | TemplateError]:
        """Render a burst in one round trip; each result is the text or its error."""
        if not jobs:
            return []
        # The same dict object in many jobs is pickled once (a burst of one template with
        # one set of values costs little more than a single job).
        payload = [
            (source, variables if type(variables) is dict else dict(variables))
            for source, variables in jobs
        ]
        with self._lock:
            self._spawn()
            try:
                self._wait_ready(30.0)
            except TemplateError:
                self._kill()
                raise
            assert self._conn is not None
            allowance = self.hard_seconds + self.limits.max_seconds * (len(jobs) - 1)
            started = time.monotonic()
            try:
                self._conn.send(payload)
                answered = self._conn.poll(allowance)
                raw = self._conn.recv_bytes() if answered else None
            except (EOFError, OSError, BrokenPipeError):
                raw = None
                answered = True  # the worker died: it ran out of memory or was killed
            if self.track_peak and self._process is not None:
                self.last_peak = _peak_resident(self._process.pid)
            if raw is None:
                elapsed = time.monotonic() - started
                self._kill()
                self._spawn()  # warm again for the next render
                if not answered or elapsed >= allowance:
                    reason = f"rendering took longer than {allowance:.1f} s and was stopped"
                else:
                    reason = "the template needs too much memory and was stopped"
                error = TemplateLimitError(reason)
                return [error for _ in jobs]
        return [_result(item) for item in json.loads(raw.decode("utf-8", "surrogatepass"))]


def _result(item: list[Any]) -> str | TemplateError:
    if item[0] == "ok":
        return str(item[1])
    kind = _ERRORS.get(str(item[0]), TemplateError)
    line = item[2] if isinstance(item[2], int) else None
    return kind(str(item[1]), line)


@contextlib.contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Start the worker without running the app's main script again in it.

    A spawned child re-imports ``__main__`` from its path, so a script that renders a
    template without an ``if __name__ == "__main__"`` guard would start the worker inside
    the worker. The worker needs nothing from ``__main__``: for the moment of starting it,
    ``__main__`` is an empty module.
    """
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


def _peak_resident(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _windows_job(pid: int, memory: int) -> Any:
    """On Windows, put the worker in a job object whose process memory is capped."""
    if sys.platform != "win32":
        return None
    from crisisdesk.templating import win_job

    return win_job.limit_process(pid, memory)


_shared: dict[tuple[bool, RenderLimits], RenderWorker] = {}
_shared_lock = threading.Lock()


def worker_for(html: bool = False, limits: RenderLimits | None = None) -> RenderWorker:
    """The app's one worker per mode and limits, started on first use (or by ``warm_up``)."""
    key = (html, limits or RenderLimits())
    with _shared_lock:
        worker = _shared.get(key)
        if worker is None:
            worker = _shared[key] = RenderWorker(html=key[0], limits=key[1])
        return worker


def warm_up() -> None:
    """Start the default worker now, so the first statement preview does not wait for it."""
    worker_for().start()
