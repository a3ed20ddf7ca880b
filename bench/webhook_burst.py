"""A burst of signed WhatsApp posts from many concurrent connections to a real
``crisisdesk webhook serve`` on 127.0.0.1: connection resets (goal 0), the 99th percentile
of the answer time (goal ≤ 50 ms), and the time until every body is processed vs importing
the same bodies from a JSON-lines file with ``crisisdesk ingest`` in the same run (ratio,
goal ≤ 1.5, lower is better).

    python bench/webhook_burst.py [--quick]     # 5,000 posts from 256 connections; quick: 500 / 64
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from _common import ROOT, arguments, report, workdir
from _interactions import messages
from ingest import PASSWORD, body

from crisisdesk.desk import Desk
from crisisdesk.intake.rows import InboxFilters
from crisisdesk.intake.webhook_server import APP_SECRET, VERIFY_TOKEN, pending_count
from crisisdesk.intake.webhook_signature import sign
from crisisdesk.storage.location import sqlite_url

SECRET = "bench-app-secret"
# The floor: the same client against a server that answers 200 at once (waitress, same
# settings, no signature, no database), in the same run. What the client and the machine
# cost by themselves: with 256 connections always busy, p99 <= 50 ms needs > 5,000 answers
# a second from client and server together.
NULL_SERVER = """
import sys
from waitress import serve
def app(environ, start_response):
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "14")])
    return [b"EVENT_RECEIVED"]
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=64, backlog=2048,
      connection_limit=4096, asyncore_use_poll=True, _quiet=True)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_port(port: int) -> None:
    ends = time.monotonic() + 60
    while time.monotonic() < ends:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


def _room(folder: object, name: str) -> str:
    url = sqlite_url(folder / f"{name}.db")  # type: ignore[operator]
    desk = Desk.open(url, create=True)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.users.add("olfa", PASSWORD, "operator")
    desk.users.add("lead", PASSWORD, "lead")
    desk.sign_in("lead", PASSWORD)
    desk.incidents.open("سيول الدمام — قياس", 3, playbook_id="flood-urban")
    desk.secrets.set(APP_SECRET, SECRET)
    desk.secrets.set(VERIFY_TOKEN, "v")
    desk.close()
    return url


def main() -> None:
    args = arguments(__doc__ or "")
    posts, connections = (500, 64) if args.quick else (5000, 256)
    folder = workdir()
    env = {**os.environ, "CRISISDESK_PASSWORD": PASSWORD, "PYTHONPATH": str(ROOT)}
    bodies = [
        json.dumps(body(i, text), ensure_ascii=False).encode("utf-8")
        for i, text in enumerate(messages(posts))
    ]

    # baseline: the same bodies from a file
    saved = folder / "bodies.jsonl"
    saved.write_bytes(b"\n".join(bodies) + b"\n")
    file_url = _room(folder, "file")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "crisisdesk", "--db", file_url, "--as", "olfa", "ingest",
         "--incident", "1", "--format", "whatsapp", str(saved)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    file_s = time.perf_counter() - started
    assert f"{posts} new" in done.stdout, done.stdout

    url = _room(folder, "burst")
    server = subprocess.Popen(
        [sys.executable, "-m", "crisisdesk", "--db", url, "--as", "olfa", "webhook", "serve",
         "--incident", "1", "--port", "0"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    base = server.stdout.readline().split()[2]
    _wait_port(int(base.rstrip("/").rsplit(":", 1)[1]))
    local = threading.local()
    times: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def send(data: bytes) -> None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        began = time.perf_counter()
        try:
            answer = session.post(
                base, data=data, timeout=60, headers={"X-Hub-Signature-256": sign(data, SECRET)}
            )
            ok = answer.status_code == 200
        except requests.RequestException as exc:
            ok = False
            with lock:
                failures.append(type(exc).__name__)
        took = time.perf_counter() - began
        with lock:
            times.append(took)
            if not ok and len(failures) < len(times):
                failures.append("not 200")

    def burst() -> float:
        times.clear()
        failures.clear()
        local.__dict__.clear()
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=connections) as pool:
            list(pool.map(send, bodies))
        return time.perf_counter() - began

    def p99_ms() -> float:
        ordered = sorted(times)
        return round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, 1)

    null_port = _free_port()
    null = subprocess.Popen([sys.executable, "-c", NULL_SERVER, str(null_port)], cwd=ROOT)
    try:
        _wait_port(null_port)
        real_base = base
        base = f"http://127.0.0.1:{null_port}/"
        burst()
        floor_p99, floor_failures = p99_ms(), len(failures)
        floor_p50 = round(sorted(times)[len(times) // 2] * 1000, 1)
        base = real_base
    finally:
        null.terminate()
        null.wait(timeout=30)

    desk = Desk.open(url)
    try:
        started = time.perf_counter()
        answered_s = burst()
        while pending_count(desk) and time.perf_counter() - started < 600:
            time.sleep(0.05)
        burst_s = time.perf_counter() - started
        stored = desk.inbox.count(InboxFilters(1))
    finally:
        desk.close()
        server.terminate()
        server.wait(timeout=60)
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    report(
        "webhook_burst",
        burst_s / file_s,
        goal=1.5,
        better="lower",
        posts=posts,
        connections=connections,
        resets_or_failures=len(failures),
        p50_ms=round(ordered[len(ordered) // 2] * 1000, 1),
        p99_ms=round(p99 * 1000, 1),
        all_answered_s=round(answered_s, 2),
        all_processed_s=round(burst_s, 2),
        file_import_s=round(file_s, 2),
        stored=stored,
        null_server_p50_ms=floor_p50,
        null_server_p99_ms=floor_p99,
        null_server_failures=floor_failures,
        server="waitress (64 threads, backlog 2048, 4096 connections), group commit of bodies,"
        " processor in its own process",
    )


if __name__ == "__main__":
    main()
