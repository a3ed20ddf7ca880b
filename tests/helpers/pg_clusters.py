"""Throw-away PostgreSQL clusters on 127.0.0.1 (Debian's pg_createcluster), for failover tests:
a primary with synchronous replication and a streaming standby made with pg_basebackup."""

from __future__ import annotations

import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VERSION = "15"
HBA = (
    "local all all trust\n"
    "host all all 127.0.0.1/32 trust\n"
    "host replication all 127.0.0.1/32 trust\n"
)


def available() -> str | None:
    """Why the clusters cannot be made here, or None."""
    for tool in ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if not Path(f"/usr/lib/postgresql/{VERSION}/bin/pg_basebackup").exists():
        return "pg_basebackup is not installed"
    import os

    if os.geteuid() != 0:
        return "making clusters needs root (pg_createcluster)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])}…: {done.stderr.strip()[-500:]}")


@dataclass
class Cluster:
    name: str
    port: int

    @property
    def conf_dir(self) -> Path:
        return Path(f"/etc/postgresql/{VERSION}/{self.name}")

    @property
    def data_dir(self) -> Path:
        return Path(f"/var/lib/postgresql/{VERSION}/{self.name}")

    def ctl(self, *args: str) -> None:
        _run("pg_ctlcluster", VERSION, self.name, *args)

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


def _create(name: str, port: int, settings: str) -> Cluster:
    _run("pg_createcluster", "-p", str(port), VERSION, name)
    cluster = Cluster(name, port)
    (cluster.conf_dir / "pg_hba.conf").write_text(HBA)
    (cluster.conf_dir / "conf.d" / "failover.conf").write_text(settings)
    return cluster


@contextmanager
def single() -> Iterator[Cluster]:
    """One started cluster of its own (it may be restarted without touching anyone else's)."""
    cluster = _create(
        f"cdsoak_{uuid.uuid4().hex[:8]}",
        free_port(),
        "listen_addresses = '127.0.0.1'\nssl = off\nmax_connections = 200\n",
    )
    try:
        cluster.ctl("start")
        yield cluster
    finally:
        subprocess.run(
            ["pg_dropcluster", "--stop", VERSION, cluster.name], capture_output=True, timeout=120
        )


@contextmanager
def primary_and_standby(synchronous: bool = True) -> Iterator[tuple[Cluster, Cluster]]:
    """A started primary and a started standby streaming from it; both dropped afterwards."""
    tag = uuid.uuid4().hex[:8]
    made: list[Cluster] = []
    try:
        settings = (
            "listen_addresses = '127.0.0.1'\nwal_level = replica\nmax_wal_senders = 5\n"
            "hot_standby = on\nfsync = on\nssl = off\n"
        )
        # Only the primary waits for a standby: once promoted, the standby has none of its own
        # (a promoted server left waiting for a standby would hold every commit).
        sync = "synchronous_standby_names = '*'\nsynchronous_commit = on\n" if synchronous else ""
        primary = _create(f"cdfo_{tag}_a", free_port(), settings + sync)
        made.append(primary)
        primary.ctl("start")
        standby = _create(f"cdfo_{tag}_b", free_port(), settings)
        made.append(standby)
        for entry in standby.data_dir.iterdir():  # pg_basebackup fills the empty folder
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        _run(
            "runuser", "-u", "postgres", "--",
            f"/usr/lib/postgresql/{VERSION}/bin/pg_basebackup", "-h", "127.0.0.1",
            "-p", str(primary.port), "-U", "postgres", "-D", str(standby.data_dir),
            "-R", "-X", "stream", "--checkpoint=fast",
        )  # fmt: skip
        standby.ctl("start")
        yield primary, standby
    finally:
        for cluster in made:
            subprocess.run(
                ["pg_dropcluster", "--stop", VERSION, cluster.name],
                capture_output=True,
                timeout=120,
            )
