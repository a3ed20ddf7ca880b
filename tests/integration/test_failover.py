"""Survive the server: a primary with a synchronous streaming standby on 127.0.0.1; writers run,
the standby is promoted and the old primary stopped; writers resume within 10 s on the new
primary through the multi-host URL, every acknowledged decision is there, the chain verifies."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from crisisdesk.desk import Desk
from tests.helpers import pg_clusters
from tests.helpers.cli import PROJECT_ROOT, cli_env
from tests.helpers.databases import make_desk

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WRITERS = 3
RUN_S = 30
FAILOVER_AT_S = 8
RESUME_BOUND_S = 10


def _wait_streaming(primary: pg_clusters.Cluster) -> None:
    deadline = time.monotonic() + 60
    with psycopg.connect(primary.dsn(), autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT count(*) FROM pg_stat_replication").fetchone()
            if row and row[0] >= 1:
                return
            time.sleep(0.1)
    pytest.fail("the standby never started streaming")


def test_writers_survive_a_failover_with_nothing_acknowledged_lost(tmp_path: Path) -> None:
    why = pg_clusters.available()
    if why:
        pytest.skip(why)
    with pg_clusters.primary_and_standby(synchronous=True) as (primary, standby):
        _wait_streaming(primary)
        with psycopg.connect(primary.dsn(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE room")
        url = (
            f"postgresql+psycopg://postgres@/room?host=127.0.0.1:{primary.port}&host=127.0.0.1:{standby.port}"
            "&target_session_attrs=read-write"
        )
        make_desk(url).close()
        env = cli_env(tmp_path / "data")
        writers = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.failover_writer", url, str(RUN_S), f"w{i}"],
                env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(WRITERS)
        ]  # fmt: skip
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "READY"
        time.sleep(FAILOVER_AT_S)
        standby.ctl("promote")
        primary.ctl("stop", "-m", "immediate")
        stopped = time.time()
        outputs = [w.communicate(timeout=RUN_S + 120) for w in writers]
        acks: dict[int, str] = {}
        for (out, err), writer in zip(outputs, writers, strict=True):
            assert writer.returncode == 0, err
            assert "Traceback" not in err
            lines = out.splitlines()
            assert lines[-1] == "DONE"
            times = []
            for line in lines:
                if line.startswith("ACK "):
                    _ack, seq, digest, at = line.split()
                    assert int(seq) not in acks, "one seq acknowledged twice"
                    acks[int(seq)] = digest
                    times.append(float(at))
            after = [t for t in times if t > stopped]
            assert after, f"a writer never resumed: {lines[-5:]}"
            assert after[0] - stopped < RESUME_BOUND_S, f"resumed after {after[0] - stopped:.1f} s"
            errors = [line for line in lines if line.startswith("ERR ")]
            assert all("not saved" in e or "refused" in e for e in errors), errors[:3]
        desk = Desk.open(
            f"postgresql+psycopg://postgres@127.0.0.1:{standby.port}/room"
        )
        try:
            stored = {d.seq: d.hash for d in desk.log.since(0, 1_000_000)}
            verdict = desk.log.verify()
        finally:
            desk.close()
        missing = [seq for seq, digest in acks.items() if stored.get(seq) != digest]
        assert not missing, f"acknowledged but lost: {missing[:10]}"
        assert sorted(stored) == list(range(1, len(stored) + 1))
        assert verdict.ok, verdict.describe()
        assert len(acks) > WRITERS * 10
