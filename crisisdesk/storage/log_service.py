"""`desk.log`: the change feed, the log view's lazy queries, verification and checkpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from crisisdesk.errors import CrisisDeskError, InputError
from crisisdesk.storage import decision_log
from crisisdesk.storage.decision_log import (
    CheckpointInfo,
    DecisionInfo,
    LogFilter,
    LogHead,
)
from crisisdesk.storage.models import Decision
from crisisdesk.storage.verify import Cancel, CheckpointClaim, Progress, Row, Verdict, verify_rows
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.desk import Desk

BATCH = 20_000


class LogService:
    def __init__(self, desk: Desk) -> None:
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
                "log.checkpoint",
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
                "log.correction",
                subject=f"decision:{seq}",
                incident_id=incident_id if incident_id is not None else original.incident_id,
                corrects=seq,
                summary_ar=f"تصحيح للقرار رقم {seq}: {note}",
                summary_en=f"correction of decision {seq}: {note}",
                payload={"note": note},
            )

    # ---------------------------------------------------------- verifying
    def iter_rows(self, batch: int = BATCH) -> Iterator[list[Row]]:
        """All entries in seq order, streamed in batches (never the whole log in memory)."""
        with self.desk.db.engine.connect() as conn:
            dbapi: Any = conn.connection.dbapi_connection
            # The database hands the body over as UTF-8 bytes: no decode/encode round trip.
            if self.desk.db.dialect == "postgresql":
                conn.execute(text("SELECT 1"))  # opens the transaction a named cursor needs
                cursor = dbapi.cursor(name="crisisdesk_verify")
                cursor.itersize = batch
                body = "convert_to(body, 'UTF8')"
            else:
                cursor = dbapi.cursor()
                cursor.execute("BEGIN")
                body = "CAST(body AS BLOB)"
            try:
                cursor.execute(
                    f"SELECT seq, {body}, prev_hash || '|' || hash FROM decisions ORDER BY seq"
                )
                while True:
                    rows = cursor.fetchmany(batch)
                    if not rows:
                        break
                    yield rows
            finally:
                cursor.close()
                if self.desk.db.dialect != "postgresql":
                    dbapi.execute("COMMIT")

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
        total = self.head().seq
        return verify_rows(
            self.desk.log_id,
            self.iter_rows(),
            claims,
            pinned,
            total=total,
            progress=progress,
            cancel=cancel,
        )

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
