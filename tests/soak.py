"""A chaos soak of the whole crisis room on PostgreSQL.

    python -m tests.soak [--laptops 4] [--minutes 10]

N laptops (processes using the real services through the Desk: ingest bursts, triage on the
version they saw, task ticks, drafts and approvals, reads) work for the set time through a
fault-injecting TCP proxy (added latency, every connection cut now and then), while one laptop
is frozen for 30 s (SIGSTOP), one is killed with SIGKILL and started again, and the server is
restarted. The server is a cluster of its own on a free port when this runs as root (so it may
be restarted), else a throw-away database on CRISISDESK_TEST_PG_URL (no restart).

Then it checks: zero acknowledged operations lost (every (seq, hash) a laptop was told is
committed is in the log), zero duplicates (one interaction per message id, no seq
acknowledged twice), ``log verify`` valid with no gap, no write stalled longer than the lock
timeout times its tries plus a reconnect (outside the frozen laptop's own pause), and every
conflict reported to its loser (each interaction's triage versions run 1, 2, 3 … with each
success based on the version just before it). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAUSE_S = 30
# A write may wait 4 tries x 5 s for the writer lock, plus a reconnect (5 s connect timeout)
# and the server's keepalive/idle detection of a cut connection.
STALL_BOUND_S = 4 * 5 + 5 + 10


def _env(data: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from tests.helpers.cli import cli_env

    return cli_env(data)


def _start(url: str, seconds: float, index: int, user: str, folder: Path, env: dict[str, str],
           seed: int) -> subprocess.Popen[str]:  # fmt: skip
    with (folder / f"laptop{index}-{seed}.jsonl").open("w", encoding="utf-8") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.soak_laptop", url, str(seconds), f"l{index}",
             user, str(seed), str(folder)],
            stdout=out, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
        )  # fmt: skip


def _prepare(url: str, folder: Path, laptops: int) -> list[str]:
    from tests.helpers.databases import PASSWORD, make_desk, sign_in_as

    desk = make_desk(url)
    try:
        users = [f"op{i}" for i in range(laptops - 1)]
        for name in users:
            desk.users.add(name, PASSWORD, "operator")
        sign_in_as(desk, "lead")
        desk.incidents.open("سيول الدمام", 2, playbook_id="flood-urban")
    finally:
        desk.close()
    return [*users, "sami"]  # the last laptop is the spokesperson's


def _records(folder: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(folder.glob("laptop*.jsonl")):
        laptop = path.name.split("-")[0]
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):  # the line a killed laptop was writing
                found.setdefault(laptop, []).append(json.loads(line))
    return found


def check(url: str, records: dict[str, list[dict[str, Any]]],
          paused: tuple[str, float, float] | None) -> dict[str, Any]:  # fmt: skip
    from sqlalchemy import func, select

    from crisisdesk.desk import Desk
    from crisisdesk.storage.models import Interaction

    desk = Desk.open(url)
    try:
        entries = {d.seq: d for d in desk.log.since(0, 10_000_000)}
        verdict = desk.log.verify()
        with desk.db.read() as session:
            rows = session.scalar(select(func.count(Interaction.id))) or 0
            distinct = session.scalar(
                select(func.count(func.distinct(Interaction.external_id)))
            ) or 0
    finally:
        desk.close()
    problems: list[str] = []
    acked: dict[int, str] = {}
    outcomes: Counter[str] = Counter()
    worst = 0.0
    for laptop, items in records.items():
        for r in items:
            if r.get("op") in ("ready", "done"):
                continue
            outcomes[r["outcome"]] += 1
            took = r["t1"] - r["t0"]
            frozen = paused and laptop == paused[0] and r["t0"] < paused[2] and r["t1"] > paused[1]
            if not frozen:
                worst = max(worst, took)
            if r["outcome"] == "ok" and "seq" in r:
                if acked.get(r["seq"], r["hash"]) != r["hash"]:
                    problems.append(f"seq {r['seq']} acknowledged with two hashes")
                acked[r["seq"]] = r["hash"]
            if r["op"] == "triage" and r["outcome"] == "ok" and "decision" in r:
                d = entries.get(r["decision"])
                if d is None:
                    problems.append(f"triage decision {r['decision']} acknowledged but missing")
                elif d.payload.get("version") != r["seen"] + 1:
                    problems.append(
                        f"interaction {r['interaction']}: a change based on version {r['seen']}"
                        f" became version {d.payload.get('version')} without a conflict"
                    )
    lost = [s for s, digest in acked.items() if getattr(entries.get(s), "hash", None) != digest]
    if lost:
        problems.append(f"acknowledged but lost: {sorted(lost)[:10]}")
    if sorted(entries) != list(range(1, len(entries) + 1)):
        problems.append("the log's seqs have a gap")
    if not verdict.ok:
        problems.append(f"log verify: {verdict.describe()}")
    if rows != distinct:
        problems.append(f"{rows - distinct} duplicate interactions")
    versions: dict[str, list[int]] = {}
    for d in entries.values():
        if d.kind == "interaction.triaged" and "version" in d.payload:
            versions.setdefault(str(d.subject), []).append(int(d.payload["version"]))
    for subject, seen in versions.items():
        if seen != list(range(1, len(seen) + 1)):
            problems.append(f"{subject}: triage versions {seen[:8]} are not 1, 2, 3 …")
            break
    bugs = [r["message"] for items in records.values() for r in items if r["outcome"] == "bug"]
    if bugs:
        problems.append(f"{len(bugs)} operations failed with a defect; first: {bugs[0]}")
    if worst > STALL_BOUND_S:
        problems.append(f"a write stalled {worst:.1f} s (bound {STALL_BOUND_S} s)")
    return {
        "ok": not problems,
        "problems": problems[:20],
        "entries": len(entries),
        "acknowledged": len(acked),
        "interactions": rows,
        "outcomes": dict(outcomes),
        "worst_op_s": round(worst, 2),
        "stall_bound_s": STALL_BOUND_S,
    }


def soak(laptops: int, minutes: float, folder: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests.helpers import pg_clusters
    from tests.helpers.databases import postgres_database
    from tests.helpers.fault_proxy import FaultProxy

    seconds = minutes * 60
    env = _env(folder / "data")
    faults: list[str] = []
    tracebacks: list[str] = []
    with ExitStack() as stack:
        cluster = None
        if pg_clusters.available() is None:
            cluster = stack.enter_context(pg_clusters.single())
            upstream = cluster.port
            import psycopg

            with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
                conn.execute("CREATE DATABASE room")
            direct = f"postgresql+psycopg://postgres@127.0.0.1:{upstream}/room"
        else:
            import pytest  # postgres_database skips through pytest when no server is set

            try:
                direct = stack.enter_context(postgres_database())
            except pytest.skip.Exception as exc:
                raise SystemExit(str(exc)) from exc
            from sqlalchemy.engine import make_url

            upstream = make_url(direct).port or 5432
        proxy = FaultProxy(upstream, latency_ms=(0, 15))
        stack.callback(proxy.close)
        from sqlalchemy.engine import make_url

        url = make_url(direct).set(host="127.0.0.1", port=proxy.port).render_as_string(
            hide_password=False
        )
        users = _prepare(direct, folder, laptops)
        procs = [_start(url, seconds, i, u, folder, env, i) for i, u in enumerate(users)]
        started = time.time()
        paused: tuple[str, float, float] | None = None
        stop = threading.Event()

        def cutter() -> None:
            while not stop.wait(max(15.0, seconds / 8)):
                faults.append(f"cut {proxy.cut_all()} sockets at +{time.time() - started:.0f}s")

        threading.Thread(target=cutter, daemon=True).start()
        plan = sorted([
            (seconds * 0.25, "pause"), (seconds * 0.5, "kill"), (seconds * 0.7, "restart"),
        ])  # fmt: skip
        for at, what in plan:
            time.sleep(max(0.0, started + at - time.time()))
            if what == "pause" and procs[0].poll() is None:
                t = time.time()
                os.kill(procs[0].pid, signal.SIGSTOP)
                time.sleep(PAUSE_S)
                os.kill(procs[0].pid, signal.SIGCONT)
                paused = ("laptop0", t, time.time())
                faults.append(f"laptop0 frozen {PAUSE_S}s at +{t - started:.0f}s")
            elif what == "kill":
                victim = len(procs) - 1
                procs[victim].kill()
                procs[victim].communicate()
                left = max(5.0, seconds - (time.time() - started))
                procs[victim] = _start(url, left, victim, users[victim], folder, env, 100)
                faults.append(f"laptop{victim} killed -9 at +{time.time() - started:.0f}s")
            elif what == "restart" and cluster is not None:
                cluster.ctl("restart", "-m", "fast")
                faults.append(f"server restarted at +{time.time() - started:.0f}s")
        for proc in procs:
            _out, err = proc.communicate(timeout=seconds + 300)
            if "Traceback" in (err or ""):
                tracebacks.append(err.strip()[-1500:])
        stop.set()
        result = check(direct, _records(folder), paused)
        if tracebacks:
            result["ok"] = False
            result["problems"].append(f"a laptop crashed: {tracebacks[0]}")
    result.update(laptops=laptops, minutes=minutes, faults=faults)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--laptops", type=int, default=4)
    parser.add_argument("--minutes", type=float, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crisisdesk-soak-") as tmp:
        result = soak(args.laptops, args.minutes, Path(tmp))
    print(json.dumps({"soak": "room", **result}, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
