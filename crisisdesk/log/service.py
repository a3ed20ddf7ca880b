"""`desk.log`: the change feed, the log view's lazy queries, verification and checkpoints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text

from crisisdesk.errors import CrisisDeskError, InputError
from crisisdesk.log import verify_worker
from crisisdesk.log.kinds import Kind
from crisisdesk.log.verify import (
    Cancel,
    CheckpointClaim,
    Progress,
    Row,
    Span,
    SpanCheck,
    Verdict,
    verify_spans,
)
from crisisdesk.storage import decision_log
from crisisdesk.storage.decision_log import (
    CheckpointInfo,
    DecisionInfo,
    LogFilter,
    LogHead,
)
from crisisdesk.storage.models import Decision
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

BATCH = 20_000


class LogService:
    def __init__(self, desk: Kernel) -> None:
        self.desk = desk

    # ------------------------------------------------------------- reading
    def head(self) -> LogHead:
        """Cheap: polled about once a second by every open window."""
        with self.desk.db.read() as session:
            seq, digest = decision_log.read_head(session, self.desk.log_id)
            return LogHead(seq, digest if seq else "", decision_log.last_checkpoint(session))

    def since(self, seq: int, limit: int = 1000) -> list[DecisionInfo]:
        with self.desk.db.read() as session:
            return decision_log.since(session, seq, limit)

    def seqs(self, flt: LogFilter | None = None) -> list[int]:
        with self.desk.db.read() as session:
            return decision_log.select_seqs(session, flt or LogFilter())

    def count(self, flt: LogFilter | None = None) -> int:
        with self.desk.db.read() as session:
            return decision_log.count(session, flt or LogFilter())

    def get_many(self, seqs: Sequence[int]) -> list[DecisionInfo]:
        with self.desk.db.read() as session:
            return decision_log.fetch(session, seqs)

    def get(self, seq: int) -> DecisionInfo:
        found = self.get_many([seq])
        if not found:
            from crisisdesk.errors import NotFoundError

            raise NotFoundError(f"no decision with seq {seq}")
        return found[0]

    def kinds(self) -> list[str]:
        with self.desk.db.read() as session:
            return decision_log.distinct(session, Decision.kind)

    def actors(self) -> list[str]:
        with self.desk.db.read() as session:
            return decision_log.distinct(session, Decision.actor)

    def checkpoints(self) -> list[CheckpointInfo]:
        with self.desk.db.read() as session:
            return decision_log.all_checkpoints(session)

    # ------------------------------------------------------------- writing
    def checkpoint(self, reason: str = "manual") -> CheckpointInfo:
        """Sign the current head now (shift handover, before an export, on demand)."""
        with self.desk.transaction(Action.LOG_CHECKPOINT) as uow:
            uow.decide(
                Kind.LOG_CHECKPOINT,
                summary_ar=f"توقيع نقطة تحقق لسجل القرارات ({reason})",
                summary_en=f"signed a checkpoint of the decision log ({reason})",
                payload={"reason": reason},
            )
            row = self.desk.write_checkpoint(uow, reason=reason)
            return decision_log.checkpoint_from_row(row)

    def correct(self, seq: int, note: str, incident_id: int | None = None) -> int:
        """A correction is a new entry pointing at the original; nothing is rewritten."""
        original = self.get(seq)
        if not note.strip():
            raise CrisisDeskError("a correction needs a note")
        with self.desk.transaction(Action.LOG_CORRECT, incident_id=incident_id) as uow:
            return uow.decide(
                Kind.LOG_CORRECTION,
                subject=f"decision:{seq}",
                incident_id=incident_id if incident_id is not None else original.incident_id,
                corrects=seq,
                summary_ar=f"تصحيح للقرار رقم {seq}: {note}",
                summary_en=f"correction of decision {seq}: {note}",
                payload={"note": note},
            )

    # ---------------------------------------------------------- verifying
    def iter_rows(self, batch: int = BATCH, start: int | None = None) -> Iterator[list[Row]]:
        """All entries (or those from seq ``start`` on) in seq order, streamed in batches."""
        with self._verify_transaction() as (dbapi, dialect):
            yield from _rows(dbapi, dialect, batch, start)

    def verify(
        self,
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        public_keys: set[str] | None = None,
        outside_checkpoints: Sequence[CheckpointClaim] = (),
    ) -> Verdict:
        """Verify the whole log against its checkpoints and any kept elsewhere.

        Keys are pinned by ``public_keys`` when given (an auditor's copy), else by the
        keys registered for this log plus this machine's own key from the keyring.
        """
        pinned = set(public_keys) if public_keys else self._default_pins()
        claims = [
            CheckpointClaim(c.seq, c.head_hash, _iso(c), c.public_key, c.signature)
            for c in self.checkpoints()
        ]
        claims.extend(outside_checkpoints)
        with self._verify_transaction() as (dbapi, dialect):
            reader = _SpanReader(
                dbapi,
                dialect,
                log_id=self.desk.log_id,
                sqlite_path=self.desk.db.sqlite_path,
                wanted=(claim.seq for claim in claims),
            )
            shown: Progress | None = None
            if progress is not None:
                report = progress

                def shown(done: int, total: int) -> None:
                    report(min(total, reader.shown(done)), total)

            try:
                verdict = verify_spans(
                    self.desk.log_id,
                    reader.spans(),
                    reader.rows_from,
                    claims,
                    pinned,
                    total=reader.last,
                    progress=shown,
                    cancel=cancel,
                )
            finally:
                reader.close()
        if verdict.ok and not verdict.cancelled:
            return self._prove_publications(verdict)
        return verdict

    def _prove_publications(self, verdict: Verdict) -> Verdict:
        """The chain holds; now every publication's hash needs an earlier approval."""
        from crisisdesk.storage.publication_proof import KINDS, PublicationProof

        proof = PublicationProof()
        with self.desk.db.read() as session:
            rows = session.execute(
                select(Decision.seq, Decision.body)
                .where(Decision.kind.in_(KINDS), Decision.seq <= verdict.entries)
                .order_by(Decision.seq)
            )
            for seq, body in rows:
                proof.add_body(seq, body)
                if proof.problem is not None:
                    break
        if proof.problem is None:
            return verdict
        seq, problem = proof.problem
        return replace(verdict, ok=False, first_bad_seq=seq, problem=problem)

    @contextmanager
    def _verify_transaction(self) -> Iterator[tuple[Any, str]]:
        """The driver's own connection in one read transaction: every read sees one snapshot."""
        dialect = self.desk.db.dialect
        with self.desk.db.engine.connect() as conn:
            if dialect == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                conn.execute(text("SELECT 1"))  # opens the transaction a named cursor needs
                yield conn.connection.dbapi_connection, dialect
                return
            dbapi: Any = conn.connection.dbapi_connection
            # Reading pages straight from the mapped file saves a system call and a copy per
            # page: a third of the read time of a large log. Only for this read.
            (mapped,) = dbapi.execute("PRAGMA mmap_size").fetchone()
            dbapi.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            dbapi.execute("BEGIN")
            try:
                yield dbapi, dialect
            finally:
                dbapi.execute("COMMIT")
                dbapi.execute(f"PRAGMA mmap_size = {int(mapped)}")

    def _default_pins(self) -> set[str]:
        from crisisdesk.storage import signing

        pins = self.desk.pinned_keys()
        local = signing.load_private(self.desk.secrets, self.desk.log_id)
        if local is not None:
            pins.add(signing.public_hex(local))
        return pins

    def export_checkpoint(self, path: Path) -> CheckpointInfo:
        """Write a fresh signed checkpoint to a file kept elsewhere (USB stick, e-mail)."""
        cp = self.checkpoint(reason="kept-elsewhere")
        payload = {"log_id": self.desk.log_id, **cp.to_json()}
        path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        return cp


def _rows(dbapi: Any, dialect: str, batch: int, start: int | None) -> Iterator[list[Row]]:
    """Rows ``(seq, body bytes, "prev_hash|hash")`` by seq, from ``start`` on or all of them."""
    mark = "%s" if dialect == "postgresql" else "?"
    where = "" if start is None else f" WHERE seq >= {mark}"
    params = () if start is None else (start,)
    # The database hands the body over as UTF-8 bytes: no decode/encode round trip.
    if dialect == "postgresql":
        cursor = dbapi.cursor(name="crisisdesk_verify")
        cursor.itersize = batch
        body = "convert_to(body, 'UTF8')"
    else:
        cursor = dbapi.cursor()
        body = "CAST(body AS BLOB)"
    try:
        cursor.execute(
            f"SELECT seq, {body}, prev_hash || '|' || hash FROM decisions{where} ORDER BY seq",
            params,
        )
        while True:
            rows = cursor.fetchmany(batch)
            if not rows:
                break
            yield rows
    finally:
        cursor.close()


# One `Span` per read (see `Span` for the columns); PostgreSQL orders each aggregate by seq.
SPAN_SQL = {
    "sqlite": verify_worker.SPAN_SQL,
    "postgresql": (
        "SELECT count(body), string_agg((seq - %(first)s)::text, ',' ORDER BY seq),"
        " string_agg(lpad(to_hex(octet_length(convert_to(body, 'UTF8'))), 8, '0'), ''"
        " ORDER BY seq),"
        " string_agg(convert_to(body, 'UTF8'), ''::bytea ORDER BY seq),"
        " string_agg(coalesce(prev_hash, '-'), '|' ORDER BY seq),"
        " string_agg(coalesce(hash, '-'), '|' ORDER BY seq)"
        " FROM decisions WHERE seq BETWEEN %(first)s AND %(last)s"
    ),
}
BODY_SAMPLE_SQL = {
    "sqlite": "SELECT avg(length(CAST(body AS BLOB))) FROM"
    " (SELECT body FROM decisions ORDER BY seq DESC LIMIT 1000)",
    "postgresql": "SELECT avg(octet_length(convert_to(body, 'UTF8'))) FROM"
    " (SELECT body FROM decisions ORDER BY seq DESC LIMIT 1000) AS tail",
}
SPAN = 10_000  # entries per span at most (and at most 1 % of the log, for the progress bar)
SPAN_BYTES = 16 << 20  # and about this many bytes of bodies (judged by the latest entries)
AHEAD = 2  # spans read ahead of the one being checked
MMAP_BYTES = verify_worker.MMAP_BYTES  # SQLite reads through a memory map while verifying
# From this many entries a SQLite log is checked by two processes, one from each end (a
# second process takes about a tenth of a second to start). Never in the packaged app.
HELPER_MIN_ENTRIES = 200_000


class _SpanReader:
    """The log read for verification: spans, then rows from wherever the spans stop.

    Spans are read ahead on a helper thread: while the hashes of one are recomputed, the
    database (which runs without Python's interpreter lock) already assembles the next. A
    large SQLite log is instead shared with a second process (`_Helper`) that checks spans from
    the end while this one reads them from the start. Helpers are stopped before any row is
    read, so the connection is never used by two threads at once.
    """

    def __init__(
        self,
        dbapi: Any,
        dialect: str,
        *,
        log_id: str = "",
        sqlite_path: Path | None = None,
        wanted: Iterable[int] = (),
    ) -> None:
        self.dbapi = dbapi
        self.dialect = dialect
        self.log_id = log_id
        self.sqlite_path = sqlite_path
        self.wanted = sorted(set(wanted))
        cursor = dbapi.cursor()
        try:
            cursor.execute("SELECT min(seq), max(seq) FROM decisions")
            first, last = cursor.fetchone()
            cursor.execute(BODY_SAMPLE_SQL[dialect])
            (body_bytes,) = cursor.fetchone()
        finally:
            cursor.close()
        self.first: int | None = first
        self.last: int = last or 0
        # A log of long entries is read in fewer entries per span.
        fit = SPAN_BYTES // max(1, int(body_bytes or 0))
        self.size = max(1, min(SPAN, -(-self.last // 100), fit))
        self.count = -(-self.last // self.size)
        self._ahead: Generator[Span | SpanCheck, None, None] | None = None
        self._helper: _Helper | None = None

    def spans(self) -> Iterator[Span | SpanCheck] | None:
        """Spans covering seqs 1..last in order; None when the entries do not start at 1."""
        if self.first is None:
            return iter(())
        if self.first != 1:
            return None
        self._helper = self._start_helper()
        if self._helper is None:
            self._ahead = _read_ahead(self._read_spans())
        else:
            self._ahead = self._beside(self._helper)
        return self._ahead

    def shown(self, done: int) -> int:
        """Progress to show: the entries checked here and those checked by the helper."""
        helper = self._helper
        if helper is None:
            return done
        start = _span_bounds(helper.lowest, self.size, self.last)[0]
        return done + max(0, self.last + 1 - max(start, done + 1))

    def _read_span(self, cursor: Any, index: int) -> Span:
        first, last = _span_bounds(index, self.size, self.last)
        if self.dialect == "postgresql":
            cursor.execute(SPAN_SQL[self.dialect], {"first": first, "last": last})
        else:
            cursor.execute(SPAN_SQL[self.dialect], (first, last))
        return Span(first, last, *cursor.fetchone())

    def _read_spans(self) -> Iterator[Span]:
        cursor = self.dbapi.cursor()
        try:
            for index in range(self.count):
                yield self._read_span(cursor, index)
        finally:
            cursor.close()

    def _beside(self, helper: _Helper) -> Generator[Span | SpanCheck, None, None]:
        """Spans read here from the start until they reach those the helper has checked."""
        cursor = self.dbapi.cursor()
        try:
            for index in range(self.count):
                if helper.lowest <= index:
                    helper.stop()
                    yield from helper.checks(index)
                    return
                yield self._read_span(cursor, index)
        finally:
            cursor.close()

    def _start_helper(self) -> _Helper | None:
        if (
            self.sqlite_path is None
            or self.last < HELPER_MIN_ENTRIES
            or (os.cpu_count() or 1) < 2
            or getattr(sys, "frozen", False)
            or not sys.executable
        ):
            return None
        job = {
            "path": str(self.sqlite_path.resolve()),
            "log_id": self.log_id,
            "size": self.size,
            "last": self.last,
            "wanted": self.wanted,
        }
        return _Helper.start(job)

    def rows_from(self, start: int | None) -> Iterator[list[Row]]:
        """Rows from seq ``start`` on (all rows for None), once no span is being read."""
        self.close()
        return _rows(self.dbapi, self.dialect, BATCH, start)

    def close(self) -> None:
        if self._ahead is not None:
            self._ahead.close()
            self._ahead = None
        if self._helper is not None:
            self._helper.stop()
            self._helper = None


def _span_bounds(index: int, size: int, last: int) -> tuple[int, int]:
    return verify_worker.span_bounds(index, size, last)


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and _HEX.issuperset(value)


_HEX = frozenset("0123456789abcdef")


class _Helper:
    """A second process (`verify_worker`) checking spans from the end of the log backwards.

    A thread collects its reports; ``lowest`` is the first of the spans it has checked (all
    of them up to the last). Anything unexpected from it just leaves the rest to this process.
    """

    def __init__(self, process: subprocess.Popen[str], size: int, last: int) -> None:
        self.process = process
        self.size = size
        self.last = last
        self.count = -(-last // size)
        self.lowest = self.count
        self._checks: dict[int, SpanCheck] = {}
        self._listener = threading.Thread(
            target=self._listen, name="crisisdesk-verify-helper", daemon=True
        )
        self._listener.start()

    @classmethod
    def start(cls, job: dict[str, Any]) -> _Helper | None:
        root = str(Path(__file__).resolve().parents[2])  # the folder holding crisisdesk/
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "crisisdesk.log.verify_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                text=True,
                encoding="utf-8",
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError:
            return None
        assert process.stdin is not None
        try:
            process.stdin.write(json.dumps(job) + "\n")
            process.stdin.close()
        except OSError:
            process.kill()
            process.wait()
            return None
        return cls(process, int(job["size"]), int(job["last"]))

    def _listen(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            index = self.lowest - 1
            try:
                report = json.loads(line)
                ok = report["ok"] is True
                heads = {int(seq): head for seq, head in report["heads"].items()}
                hashes = [report["prev"], report["head"], *heads.values()] if ok else []
                well_formed = report["i"] == index and all(map(_is_hash, hashes))
            except (ValueError, KeyError, TypeError, AttributeError):
                well_formed = False
            if not well_formed:
                return  # the rest is left to the first process
            first, last = _span_bounds(index, self.size, self.last)
            if ok:
                check = SpanCheck(first, last, True, report["prev"], report["head"], heads)
            else:
                check = SpanCheck(first, last, ok=False)
            self._checks[index] = check
            self.lowest = index

    def checks(self, start: int) -> Iterator[SpanCheck]:
        """The helper's checks of spans ``start``.. to the last (all done), in seq order."""
        return (self._checks[index] for index in range(start, self.count))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._listener.join()
        if self.process.stdout is not None:
            self.process.stdout.close()


_END: Any = object()


def _read_ahead(items: Iterator[Span]) -> Generator[Span, None, None]:
    """``items``, the next few produced on a helper thread while this one is being used.

    Closing this generator waits for the helper, then closes ``items`` on this thread.
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    try:
        with ThreadPoolExecutor(1, thread_name_prefix="crisisdesk-verify-read") as helper:
            pending = deque(helper.submit(next, items, _END) for _ in range(AHEAD))
            try:
                while True:
                    item = pending.popleft().result()
                    if item is _END:
                        return
                    pending.append(helper.submit(next, items, _END))
                    yield item
            finally:
                for future in pending:  # the reads not started yet are not needed
                    future.cancel()
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            close()


def _iso(cp: CheckpointInfo) -> str:
    return cp.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def load_checkpoint_file(path: Path, log_id: str) -> CheckpointClaim:
    """Read a checkpoint kept elsewhere; a malformed file is a one-line error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(path, None, f"cannot read checkpoint file ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(path, exc.lineno, f"not JSON: {exc.msg}", exc.colno) from exc
    try:
        if data.get("log_id") not in (None, log_id):
            raise InputError(path, None, "checkpoint belongs to another decision log")
        return CheckpointClaim(
            seq=int(data["seq"]),
            head_hash=str(data["head_hash"]),
            at=str(data["at"]),
            public_key=str(data["public_key"]),
            signature=str(data["signature"]),
            source=str(path),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(path, None, f"not a checkpoint file (missing or bad {exc})") from exc
