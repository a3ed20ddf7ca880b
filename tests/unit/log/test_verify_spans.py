"""Verification reads the database in spans; every verdict is the one a row-by-row walk gives.

Each tampered copy is verified twice: as the desk does it (spans read ahead on a thread, or
checked by a second process from the end of the log, then rows from the first span that does
not hold) and by walking every row, and the two verdicts must match field for field,
including the first bad seq and the wording of the problem.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crisisdesk.desk import Desk
from crisisdesk.log import service as log_service
from crisisdesk.log.verify import Verdict
from crisisdesk.storage.chain import entry_hash
from crisisdesk.storage.location import sqlite_url
from tests.helpers import tamper
from tests.helpers.databases import make_desk, postgres_database

ENTRIES = 1000
EVERY = 100

keys_of: dict[str, dict[tuple[str, str], str]] = {}


def _append(desk: Desk, entries: int) -> None:
    desk.checkpoint_every = EVERY
    head = desk.log.head().seq
    while head < entries:
        with desk.transaction(None) as uow:
            for _ in range(min(10, entries - head)):
                head = uow.decide(
                    "test.noted",
                    subject=f"item:{head}",
                    summary_ar=f"ملاحظة رقم {head} عن منسوب المياه",
                    summary_en=f"note {head} about the water level",
                    payload={"n": head, "text": "الدمام – حي الشاطئ #سيول_الدمام"},
                )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    import keyring

    from tests.helpers.keyring_backend import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    folder = tmp_path_factory.mktemp("spans")
    path = folder / "log.db"
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("CRISISDESK_DATA_DIR", str(folder / "data"))
            desk = make_desk(sqlite_url(path))
            try:
                _append(desk, ENTRIES)
            finally:
                desk.close()
    finally:
        keyring.set_keyring(previous)
    keys_of[str(path)] = backend.store
    yield path


@pytest.fixture
def copy(pristine: Path, tmp_path: Path, memory_keyring: object) -> Path:
    target = tmp_path / "log.db"
    shutil.copy(pristine, target)
    memory_keyring.store.update(keys_of[str(pristine)])  # type: ignore[attr-defined]
    return target


helpers: list[log_service._Helper] = []


@pytest.fixture(params=["thread", "process", "both"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """How the spans are read: ahead on a thread; every one by the second process; or the
    second half by the second process while this one reads the first."""
    helpers.clear()
    if request.param != "thread":
        start = log_service._Helper.start

        def start_and_wait(job: dict[str, Any]) -> log_service._Helper | None:
            helper = start(job)
            assert helper is not None
            if request.param == "process":  # every span checked before this process reads one
                helper.process.wait()
                helper._listener.join()
            else:
                while helper.lowest > helper.count // 2 and helper.process.poll() is None:
                    time.sleep(0.001)
            helpers.append(helper)
            return helper

        monkeypatch.setattr(log_service, "HELPER_MIN_ENTRIES", 0)
        monkeypatch.setattr(log_service._Helper, "start", start_and_wait)
    yield request.param
    assert all(helper.process.poll() is not None for helper in helpers)


def _both_ways(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Verdict, Verdict]:
    desk = Desk.open(url)
    try:
        in_spans = desk.log.verify()
        with monkeypatch.context() as patch:
            patch.setattr(log_service._SpanReader, "spans", lambda self: None)
            row_by_row = desk.log.verify()
    finally:
        desk.close()
    return in_spans, row_by_row


def _same(a: Verdict, b: Verdict) -> None:
    assert a.to_json() == b.to_json()
    assert a.keys == b.keys


def _hash_of(conn: sqlite3.Connection, seq: int) -> str:
    return str(conn.execute("SELECT hash FROM decisions WHERE seq = ?", (seq,)).fetchone()[0])


def _split_hash(conn: sqlite3.Connection) -> None:
    """Move the last character of one hash to the front of the next: the columns, read
    together, still spell the same text."""
    a, b = _hash_of(conn, 400), _hash_of(conn, 401)
    conn.execute("UPDATE decisions SET hash = ? WHERE seq = 400", (a[:-1],))
    conn.execute("UPDATE decisions SET hash = ? WHERE seq = 401", (a[-1] + b,))


def _seq_zero(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO decisions (seq, body, prev_hash, hash)"
        " SELECT 0, body, prev_hash, hash FROM decisions WHERE seq = 1"
    )


def _relink_span(conn: sqlite3.Connection) -> None:
    """Give the first entry of a span another prev_hash and re-chain from there: every span
    holds on its own, but one no longer links to the span before."""
    lid = tamper.log_id(conn)
    prev = "ab" * 32
    rows = conn.execute("SELECT seq, body FROM decisions WHERE seq >= 251 ORDER BY seq")
    for seq, body in rows.fetchall():
        digest = entry_hash(lid, seq, prev, body.encode())
        conn.execute(
            "UPDATE decisions SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq)
        )
        prev = digest


def _rechain(conn: sqlite3.Connection) -> None:
    tamper.edit_summary(conn, 333, "figures were never reported")
    tamper.rechain_from(conn, 333)
    tamper.forge_checkpoint_heads(conn)


def _flip_body(conn: sqlite3.Connection) -> None:
    body = tamper.body(conn, 500)
    i = body.index("water")
    tamper.set_body(conn, 500, body[:i] + "W" + body[i + 1 :])


MUTATIONS: dict[str, Callable[[sqlite3.Connection], object]] = {
    "untouched": lambda conn: None,
    "flipped-body": _flip_body,
    "body-with-newline": lambda conn: tamper.edit_summary(conn, 10, "one\nline\nmore"),
    "hash-in-capitals": lambda c: c.execute(
        "UPDATE decisions SET hash = upper(hash) WHERE seq = 321"
    ),
    "prev-hash-padded": lambda c: c.execute(
        "UPDATE decisions SET prev_hash = prev_hash || ' ' WHERE seq = 250"
    ),
    "hash-split-across-rows": _split_hash,
    "first-prev-hash": lambda c: c.execute(
        "UPDATE decisions SET prev_hash = ? WHERE seq = 1", ("0" * 64,)
    ),
    "last-hash": lambda c: c.execute(
        "UPDATE decisions SET hash = ? WHERE seq = (SELECT max(seq) FROM decisions)", ("f" * 64,)
    ),
    "first-deleted": lambda c: c.execute("DELETE FROM decisions WHERE seq = 1"),
    "middle-deleted": lambda c: c.execute("DELETE FROM decisions WHERE seq = 400"),
    "span-deleted": lambda c: c.execute("DELETE FROM decisions WHERE seq BETWEEN 41 AND 50"),
    "tail-deleted": lambda c: c.execute("DELETE FROM decisions WHERE seq > 995"),
    "seq-zero-added": _seq_zero,
    "renumbered": lambda c: c.execute("UPDATE decisions SET seq = seq + 5000 WHERE seq >= 600"),
    "rechained": _rechain,
    "relinked-at-a-span": _relink_span,
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_spans_give_the_row_by_row_verdict(
    copy: Path, monkeypatch: pytest.MonkeyPatch, reading: str, name: str
) -> None:
    conn = tamper.open_raw(copy)
    MUTATIONS[name](conn)
    conn.close()
    in_spans, row_by_row = _both_ways(sqlite_url(copy), monkeypatch)
    _same(in_spans, row_by_row)
    assert in_spans.ok == (name == "untouched"), in_spans.describe()


def test_an_untouched_log_is_read_in_spans_alone(
    copy: Path, monkeypatch: pytest.MonkeyPatch, reading: str
) -> None:
    walked: list[int] = []
    rows = log_service._rows

    def counting(*args: Any) -> Iterator[list[Any]]:
        for batch in rows(*args):
            walked.extend(seq for seq, _, _ in batch)
            yield batch

    read_here: list[int] = []
    read_span = log_service._SpanReader._read_span

    def counting_spans(self: log_service._SpanReader, cursor: Any, index: int) -> Any:
        read_here.append(index)
        return read_span(self, cursor, index)

    monkeypatch.setattr(log_service, "_rows", counting)
    monkeypatch.setattr(log_service._SpanReader, "_read_span", counting_spans)
    desk = Desk.open(sqlite_url(copy))
    try:
        verdict = desk.log.verify()
    finally:
        desk.close()
    assert verdict.ok and verdict.checkpoints_checked >= ENTRIES // EVERY, verdict.describe()
    assert walked == []
    assert len(helpers) == (reading != "thread")
    if reading != "both":
        assert len(read_here) == (0 if reading == "process" else 100)
    else:
        assert len(read_here) <= 50


def test_progress_every_percent_and_cancel(copy: Path, reading: str) -> None:
    desk = Desk.open(sqlite_url(copy))
    try:
        total = desk.log.head().seq
        seen: list[tuple[int, int]] = []
        verdict = desk.log.verify(progress=lambda done, of: seen.append((done, of)))
        assert verdict.ok, verdict.describe()
        dones = [done for done, _ in seen]
        assert {of for _, of in seen} == {total}
        assert dones == sorted(dones) and dones[-1] == total
        assert len(dones) >= 100
        if reading == "thread":  # with a second process, both ends move at once
            steps = [b - a for a, b in zip([0, *dones], dones, strict=False)]
            assert max(steps) <= -(-total // 100)

        asked = 0

        def cancel() -> bool:
            nonlocal asked
            asked += 1
            return asked >= 3

        stopped = desk.log.verify(cancel=cancel)
        assert stopped.cancelled and not stopped.ok
        assert 0 < stopped.entries <= 3 * -(-total // 100)
        assert asked == 3
    finally:
        desk.close()


def test_postgresql_spans_give_the_row_by_row_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    import psycopg

    with postgres_database() as url:
        desk = make_desk(url)
        try:
            _append(desk, 300)
        finally:
            desk.close()
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        in_spans, row_by_row = _both_ways(url, monkeypatch)
        _same(in_spans, row_by_row)
        assert in_spans.ok and in_spans.checkpoints_checked > 1, in_spans.describe()
        for sql, first_bad in [  # each one earlier in the log than the one before
            ("DELETE FROM decisions WHERE seq = 200", 200),
            ("UPDATE decisions SET body = replace(body, 'water', 'Water') WHERE seq = 150", 150),
            ("UPDATE decisions SET hash = upper(hash) WHERE seq = 77", 77),
        ]:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("ALTER TABLE decisions DISABLE TRIGGER USER")
                conn.execute(sql)
            in_spans, row_by_row = _both_ways(url, monkeypatch)
            _same(in_spans, row_by_row)
            assert in_spans.first_bad_seq == first_bad, in_spans.describe()
