"""Writing an incident's export bundle, streaming: rows go from the database to the files
in batches, so a million decisions and a million interactions never sit in memory.

Order, so that the signature covers everything:

1. note the log head S, compute the KPIs as of S;
2. write the data files (decisions.csv, interactions.csv, statements/, kpis.json, reports,
   research/) and ``decisions.jsonl`` for entries 1..S, hashing as they are written;
3. in one transaction record ``export.created`` (seq K) whose payload lists the SHA-256 of
   every data file and of the first S lines of ``decisions.jsonl``, and sign a checkpoint
   at K;
4. append entries S+1..K to ``decisions.jsonl`` and write ``manifest.json``.

The signed checkpoint at K therefore vouches, through the chain, for the export decision
and so for every file's hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from crisisdesk import __version__
from crisisdesk.clock import utc_iso
from crisisdesk.errors import CrisisDeskError, InputError
from crisisdesk.review import export_state as es
from crisisdesk.review import manifest as mf
from crisisdesk.review.excel_csv import SafeWriter
from crisisdesk.review.kpis import compute_kpis
from crisisdesk.review.pii import Masker
from crisisdesk.secret_fields import redacted_body
from crisisdesk.storage import decision_log
from crisisdesk.storage.chain import fingerprint
from crisisdesk.storage.models import (
    Approval,
    Checkpoint,
    Decision,
    Incident,
    Interaction,
    Publication,
    Statement,
    StatementVersion,
)
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

Progress = Callable[[str, int, int], None]  # stage, done, total
Cancel = Callable[[], bool]
BATCH = 5000
TIMELINE_LIMIT = 400
PUBLIC_KINDS = ("interaction.", "intake.", "cluster.")
TIMELINE_SKIP = ("interaction.", "intake.", "security.", "log.checkpoint", "task.spawned")

DECISION_COLUMNS = [
    "seq",
    "at",
    "actor",
    "role",
    "kind",
    "subject",
    "summary_ar",
    "summary_en",
    "payload",
    "corrects",
    "hash",
]
INTERACTION_COLUMNS = [
    "id",
    "channel",
    "external_id",
    "author_handle",
    "author_name",
    "reply_address",
    "received_at",
    "language",
    "category",
    "priority",
    "status",
    "assignee",
    "response_due",
    "first_response_at",
    "overdue",
    "cluster_id",
    "location",
    "text",
    "edited_text",
    "deleted",
]

# Columns that may hold text from outside (the rest: numbers, times, hashes, JSON objects).
DECISION_TEXT = ("actor", "role", "kind", "subject", "summary_ar", "summary_en")
INTERACTION_TEXT = (
    "channel",
    "external_id",
    "author_handle",
    "author_name",
    "reply_address",
    "language",
    "category",
    "priority",
    "status",
    "assignee",
    "location",
    "text",
    "edited_text",
)


README_TEXT = """CrisisDesk review bundle - incident #{incident}: {title}
حزمة مراجعة CrisisDesk - الحادثة رقم {incident}: {title}

This folder is the signed record of the incident: the decision log with its hash chain and
signed checkpoints (decisions.jsonl), the interactions, every statement version, the KPIs
and the report (report.html, report.pdf). Any change to any file is detected by:

    crisisdesk verify THIS_FOLDER --public-key KEY

KEY is the log's public key as published at the start of the incident; its fingerprint
must be one of: {keys}
The algorithm is described in the CrisisDesk README, "Verifying an export bundle".

هذا المجلد هو السجل الموقّع للحادثة: سجل القرارات بسلسلة بصماته ونقاط التحقق الموقعة،
والتفاعلات، وجميع إصدارات البيانات، والمؤشرات، والتقرير. يُكشف أي تغيير في أي ملف بالأمر
أعلاه، مع المفتاح العام للسجل المعلن عند بدء الحادثة.
"""


class ExportCancelled(CrisisDeskError):
    """The user stopped the export; the partial folder was removed."""


@dataclass
class ExportResult:
    out: Path
    incident_id: int
    decision_seq: int
    checkpoint_seq: int
    manifest_sha256: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "incident": self.incident_id,
            "export_decision": self.decision_seq,
            "checkpoint_seq": self.checkpoint_seq,
            "manifest_sha256": self.manifest_sha256,
            "files": len(self.files) + 1,
        }


class HashingWriter:
    """A binary file that hashes what it writes (so big files are never read twice).

    Rows arrive one line at a time; they are gathered and hashed and written in chunks of
    ``HASHING_CHUNK`` bytes (one call each instead of three per row). ``sha``, ``sync`` and
    ``close`` write out what is gathered first, so the hash always covers the whole file.
    """

    def __init__(self, path: Path, *, append: bool = False) -> None:
        self._sha = hashlib.sha256()
        self.size = 0
        self._pending: list[bytes] = []
        self._pending_size = 0
        if append:  # carry on hashing what is already there
            with path.open("rb") as handle:
                while chunk := handle.read(mf.CHUNK):
                    self._sha.update(chunk)
                    self.size += len(chunk)
        self.handle: IO[bytes] = path.open("ab" if append else "wb")

    def write(self, data: bytes) -> None:
        self._pending.append(data)
        self._pending_size += len(data)
        self.size += len(data)
        if self._pending_size >= HASHING_CHUNK:
            self._write_pending()

    def _write_pending(self) -> None:
        if self._pending:
            chunk = b"".join(self._pending)
            self._pending.clear()
            self._pending_size = 0
            self.handle.write(chunk)
            self._sha.update(chunk)

    @property
    def sha(self) -> Any:
        """The SHA-256 of everything written so far."""
        self._write_pending()
        return self._sha

    def sync(self) -> None:
        self._write_pending()
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        try:
            self._write_pending()  # may fail on a full disk: the file is closed all the same
        finally:
            self.handle.close()


HASHING_CHUNK = 1 << 18


class TextSink:
    """Text adapter so ``csv.writer`` can write through a :class:`HashingWriter`."""

    def __init__(self, target: HashingWriter) -> None:
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(text.encode("utf-8"))
        return len(text)


class BundleWriter:
    """One export run: options, progress and cancel, the masker, the files written."""

    def __init__(
        self,
        desk: Kernel,
        incident_id: int,
        out: Path,
        *,
        mask_pii: bool = False,
        research: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> None:
        self.desk = desk
        self.incident_id = incident_id
        self.out = out
        self.mask_pii = mask_pii
        self.research = research
        self.progress = progress
        self.cancel = cancel
        self.masker = Masker() if (mask_pii or research) else None
        self.data_files: dict[str, dict[str, Any]] = {}
        self.done = 0
        self.total = 0
        self.recorded = False
        self.signed_seq: int | None = None

    # -------------------------------------------------------------- helpers
    def _tick(self, stage: str, n: int = 0) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(stage, min(self.done, self.total), self.total)
        # Once the export decision is in the log the bundle is finished, not abandoned.
        if not self.recorded and self.cancel is not None and self.cancel():
            raise ExportCancelled("export cancelled; the partial bundle was removed")

    def _mask_kpis(self, kpis: dict[str, Any]) -> dict[str, Any]:
        """Only the clusters' labels come from the public's text; the rest is figures and
        staff text (the incident's title, statements' titles), never altered."""
        if not (self.masker and self.mask_pii):
            return kpis
        for cluster in (kpis.get("clusters") or {}).get("top") or []:
            if isinstance(cluster.get("label"), str):
                cluster["label"] = self.masker.text(cluster["label"])
        return kpis

    def _mask_text(self, value: str | None) -> str | None:
        if value is None or not (self.masker and self.mask_pii):
            return value
        return self.masker.text(value)

    def _person(self, value: str | None) -> str | None:
        if value is None or not (self.masker and self.mask_pii):
            return value
        return self.masker.person(value)

    def _record(self, name: str, writer: HashingWriter) -> None:
        writer.close()
        self.data_files[name] = {"sha256": writer.sha.hexdigest(), "size": writer.size}

    def _record_file(self, name: str) -> None:
        digest, size = mf.file_digest(self.out / name)
        self.data_files[name] = {"sha256": digest, "size": size}

    # ------------------------------------------------------------------ run
    def run(self) -> ExportResult:
        self.desk.require(Action.EXPORT_RUN, incident_id=self.incident_id)
        marker = es.read_marker(self.out) if self.out.is_dir() else None
        if marker is not None:
            return self._resume(marker)
        _prepare(self.out)
        return self._fresh()

    def _state(self, seq: int | None = None) -> dict[str, Any]:
        return {
            "incident": self.incident_id,
            "mask_pii": self.mask_pii,
            "research": self.research,
            "seq": seq,
        }

    def _fresh(self) -> ExportResult:
        try:
            es.write_marker(self.out, self._state())
            return self._run()
        except BaseException as exc:
            if self.recorded:
                # The decision is signed: keep the folder; it can be finished.
                seq = self.signed_seq
                if es.is_disk_full(exc):
                    raise es.disk_full(self.out, self._estimate()) from exc
                if isinstance(exc, OSError | CrisisDeskError):
                    raise CrisisDeskError(
                        f"export stopped after its decision (seq {seq}) was signed ({exc}); "
                        f"finish it with: crisisdesk export --resume {self.out}"
                    ) from exc
                raise
            shutil.rmtree(self.out, ignore_errors=True)
            if es.is_disk_full(exc):
                raise es.disk_full(self.out, self._estimate()) from None
            if isinstance(exc, DBAPIError) and es.database_full(exc):
                raise self._database_full() from None
            raise

    def _estimate(self) -> int:
        """Bytes the bundle needs, about: each decision twice (JSONL and CSV), each message's
        text and fields, the reports."""
        try:
            with self.desk.db.read() as session:
                bodies = session.scalar(select(func.sum(func.length(Decision.body)))) or 0
                texts = (
                    session.scalar(
                        select(func.sum(func.length(Interaction.text) + 200)).where(
                            Interaction.incident_id == self.incident_id
                        )
                    )
                    or 0
                )
        except DBAPIError:
            return 0
        return int((bodies * 2 + texts * 2) * 1.2) + 2 * 2**20

    def _database_full(self) -> CrisisDeskError:
        path = self.desk.db.sqlite_path
        where = str(path.parent) if path is not None else "the database server"
        return CrisisDeskError(
            f"the disk holding the database ({where}) is full: the export decision could not "
            "be recorded; free some space and export again"
        )

    # --------------------------------------------------------------- resume
    def _resume(self, marker: dict[str, Any]) -> ExportResult:
        """Finish an interrupted export in its folder: against its signed decision, or from
        the start when nothing was signed."""
        incident = marker.get("incident")
        if isinstance(incident, int) and incident != self.incident_id:
            raise CrisisDeskError(
                f"{self.out} holds an unfinished export of incident {incident}, "
                f"not {self.incident_id}"
            )
        self.mask_pii = bool(marker.get("mask_pii", self.mask_pii))
        self.research = bool(marker.get("research", self.research))
        self.masker = Masker() if (self.mask_pii or self.research) else None
        seq = marker.get("seq") if isinstance(marker.get("seq"), int) else self._find_signed()
        if seq is None:
            for child in self.out.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            return self._fresh()
        return self._finish(int(seq))

    def _signed_payload(self, seq: int) -> dict[str, Any] | None:
        with self.desk.db.read() as session:
            body = session.scalar(select(Decision.body).where(Decision.seq == seq))
        if body is None:
            return None
        data = json.loads(body)
        if data.get("kind") != mf.EXPORT_KIND or data.get("incident") != self.incident_id:
            return None
        payload = data.get("payload")
        return payload if isinstance(payload, dict) else None

    def _find_signed(self) -> int | None:
        """The export decision this folder's files were written for, if it was committed
        (a kill right after the commit leaves the marker without its seq)."""
        with self.desk.db.read() as session:
            seqs = list(
                session.scalars(
                    select(Decision.seq)
                    .where(
                        Decision.kind == mf.EXPORT_KIND,
                        Decision.incident_id == self.incident_id,
                    )
                    .order_by(Decision.seq.desc())
                    .limit(50)
                )
            )
        for seq in seqs:
            payload = self._signed_payload(seq)
            if payload is not None and self._matches(payload):
                return int(seq)
        return None

    def _matches(self, payload: dict[str, Any]) -> bool:
        """The folder holds exactly the files the decision lists, and its JSONL prefix."""
        files = payload.get("files") or {}
        prefix = payload.get("decisions_prefix") or {}
        for name, meta in files.items():
            path = self.out / name
            if not path.is_file() or path.stat().st_size != meta.get("size"):
                return False
            if mf.file_digest(path)[0] != meta.get("sha256"):
                return False
        jsonl = self.out / mf.DECISIONS_JSONL
        size = prefix.get("size")
        if not jsonl.is_file() or not isinstance(size, int) or jsonl.stat().st_size < size:
            return False
        return _prefix_digest(jsonl, size) == prefix.get("sha256")

    def _finish(self, seq: int) -> ExportResult:
        payload = self._signed_payload(seq)
        if payload is None or not self._matches(payload):
            raise CrisisDeskError(
                f"{self.out}: the files differ from what export decision {seq} signed; "
                "export again into a new folder"
            )
        with self.desk.db.read() as session:
            signed = session.scalar(
                select(func.count()).select_from(Checkpoint).where(Checkpoint.seq == seq)
            )
        if not signed:
            raise CrisisDeskError(f"export decision {seq} has no signed checkpoint")
        es.write_marker(self.out, self._state(seq))
        self.data_files = dict(payload["files"])
        jsonl_path = self.out / mf.DECISIONS_JSONL
        with jsonl_path.open("r+b") as handle:
            handle.truncate(int(payload["decisions_prefix"]["size"]))
        jsonl = HashingWriter(jsonl_path, append=True)
        try:
            self.recorded = True
            self._write_jsonl(jsonl, seq, seq)
        finally:
            jsonl.close()
        files = dict(self.data_files)
        files[mf.DECISIONS_JSONL] = dict(
            zip(("sha256", "size"), mf.file_digest(jsonl_path), strict=True)
        )
        return self._complete(dict(payload["incident"]), seq, seq, files)

    def _complete(
        self, info: dict[str, Any], seq: int, checkpoint: int, files: dict[str, dict[str, Any]]
    ) -> ExportResult:
        """Write the manifest (in one step) and only then remove the marker."""
        manifest = self._manifest(info, seq, checkpoint, files)
        data = mf.encode_manifest(manifest)
        tmp = self.out / (mf.MANIFEST + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, self.out / mf.MANIFEST)
        es.clear_marker(self.out)
        self._tick("done", 1)
        return ExportResult(
            out=self.out,
            incident_id=self.incident_id,
            decision_seq=seq,
            checkpoint_seq=checkpoint,
            manifest_sha256=hashlib.sha256(data).hexdigest(),
            files=files,
        )

    def _run(self) -> ExportResult:
        desk = self.desk
        with desk.db.read() as session:
            incident = session.get(Incident, self.incident_id)
            if incident is None:
                raise CrisisDeskError(f"no incident with id {self.incident_id}")
            as_of = int(session.scalar(select(func.max(Decision.seq))) or 0)
            n_decisions = int(
                session.scalar(
                    select(func.count())
                    .select_from(Decision)
                    .where(Decision.incident_id == self.incident_id, Decision.seq <= as_of)
                )
                or 0
            )
            n_interactions = int(
                session.scalar(
                    select(func.count())
                    .select_from(Interaction)
                    .where(Interaction.incident_id == self.incident_id)
                )
                or 0
            )
            self.total = as_of + n_decisions + n_interactions * (2 if self.research else 1) + 10
            self._tick("kpis")
            if self.masker is not None:
                self.masker.load_public(session)
            info = {"id": incident.id, "title": incident.title, "drill": bool(incident.drill)}
            kpis = compute_kpis(session, self.incident_id, now=desk.clock.now(), as_of_seq=as_of)
        kpis = self._mask_kpis(kpis)
        self._write_json(mf.KPIS_JSON, kpis)
        self._tick("decisions.csv", 1)
        jsonl = HashingWriter(self.out / mf.DECISIONS_JSONL)
        try:
            timeline = self._write_decisions(as_of, jsonl)
            self._write_files(kpis, timeline, info)
        except BaseException:
            jsonl.close()
            raise
        try:
            self._tick("decisions.jsonl", 1)
            seq, checkpoint = self._record_export(info, as_of, jsonl)
            self.recorded, self.signed_seq = True, seq
            es.write_marker(self.out, self._state(seq))
            self._tick("signed")
            self._write_jsonl(jsonl, seq, seq)
        finally:
            jsonl.close()
        files = dict(self.data_files)
        files[mf.DECISIONS_JSONL] = {"sha256": jsonl.sha.hexdigest(), "size": jsonl.size}
        return self._complete(info, seq, checkpoint, files)

    def _write_files(
        self, kpis: dict[str, Any], timeline: list[dict[str, Any]], info: dict[str, Any]
    ) -> None:
        """Every data file after the decisions: interactions, statements, reports, research."""
        desk = self.desk
        self._tick("interactions.csv")
        self._write_interactions_csv()
        self._tick("statements")
        self._write_statements()
        self._tick("report.html", 1)
        from crisisdesk.review.report_html import render_html

        html = render_html(kpis, timeline, generator=f"crisisdesk {__version__}")
        (self.out / mf.REPORT_HTML).write_text(html, encoding="utf-8")
        self._record_file(mf.REPORT_HTML)
        self._tick("report.pdf", 1)
        from crisisdesk.review.report_pdf import render_pdf

        render_pdf(kpis, timeline, self.out / mf.REPORT_PDF)
        self._record_file(mf.REPORT_PDF)
        if self.research:
            self._tick("research", 1)
            from crisisdesk.review.research import write_research

            assert self.masker is not None
            for name in write_research(desk, self.incident_id, self.out, self.masker, self._tick):
                self._record_file(name)
        self._write_readme(info)

    # ---------------------------------------------------------- the decision
    def _export_payload(
        self, info: dict[str, Any], as_of: int, prefix: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "format": mf.FORMAT,
            "generator": f"crisisdesk {__version__}",
            "incident": info,
            "as_of_seq": as_of,
            "options": {"mask_pii": self.mask_pii, "research": self.research},
            "files": dict(sorted(self.data_files.items())),
            "files_sha256": mf.canonical_digest(dict(sorted(self.data_files.items()))),
            "decisions_prefix": prefix,
        }

    def _record_export(
        self, info: dict[str, Any], as_of: int, jsonl: HashingWriter
    ) -> tuple[int, int]:
        """Append the export decision K and sign it.

        Inside the write transaction (so no other entry can slip in) the lines after the
        KPIs' seq are written first, so ``decisions_prefix`` covers every line before K,
        masked bodies included; K itself is a staff decision and is never masked, so the
        chain binds its payload.
        """
        with self.desk.transaction(Action.EXPORT_RUN, incident_id=self.incident_id) as uow:
            # A machine without its key yet registers one first (a decision of its own), so
            # the export decision stays the signed head.
            self.desk.signing_key(uow)
            head = int(uow.session.scalar(select(func.max(Decision.seq))) or 0)
            self._write_jsonl(jsonl, as_of + 1, head, session=uow.session)
            prefix = {"through_seq": head, "sha256": jsonl.sha.hexdigest(), "size": jsonl.size}
            jsonl.sync()  # on disk before it is signed: a resume finds exactly these bytes
            payload = self._export_payload(info, as_of, prefix)
            seq = uow.decide(
                mf.EXPORT_KIND,
                subject=f"incident:{self.incident_id}",
                incident_id=self.incident_id,
                summary_ar=f"تصدير حزمة المراجعة للحادثة رقم {self.incident_id}"
                + (" مع إخفاء البيانات الشخصية" if self.mask_pii else ""),
                summary_en=f"exported the review bundle of incident #{self.incident_id}"
                + (" with personal data masked" if self.mask_pii else ""),
                payload=payload,
            )
            if seq != head + 1:
                raise CrisisDeskError("the export decision does not follow the head; export again")
            checkpoint = self.desk.write_checkpoint(uow, reason="export")
            if checkpoint.seq != seq:
                raise CrisisDeskError("the export decision is not the signed head; export again")
            return seq, checkpoint.seq

    def _manifest(
        self,
        info: dict[str, Any],
        seq: int,
        checkpoint_seq: int,
        files: dict[str, dict[str, Any]],
    ) -> dict[str, Any]:
        with self.desk.db.read() as session:
            checkpoints = [
                c for c in decision_log.all_checkpoints(session) if c.seq <= checkpoint_seq
            ]
            head = session.scalar(select(Decision.hash).where(Decision.seq == seq))
        claims = [
            {
                "seq": c.seq,
                "head_hash": c.head_hash,
                "at": utc_iso(c.at),
                "public_key": c.public_key,
                "signature": c.signature,
            }
            for c in checkpoints
        ]
        return {
            "format": mf.FORMAT,
            "generator": f"crisisdesk {__version__}",
            "log_id": self.desk.log_id,
            "incident": info,
            "export": {
                "seq": seq,
                "files_sha256": mf.canonical_digest(dict(sorted(self.data_files.items()))),
            },
            "head": {"seq": seq, "hash": head},
            "checkpoints": claims,
            "public_keys": sorted({c["public_key"] for c in claims}),
            "files": dict(sorted(files.items())),
        }

    # ------------------------------------------------------------ the files
    def _write_json(self, name: str, value: Any) -> None:
        path = self.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
        self._record_file(name)

    def _write_readme(self, info: dict[str, Any]) -> None:
        """What the folder is and how to check it, for whoever opens it first."""
        keys = ", ".join(fingerprint(k) for k in sorted(self.desk.pinned_keys()))
        text = README_TEXT.format(incident=info["id"], title=info["title"], keys=keys or "-")
        (self.out / mf.README_TXT).write_bytes(text.encode("utf-8"))
        self._record_file(mf.README_TXT)

    def _write_jsonl(
        self, writer: HashingWriter, first: int, last: int, session: Session | None = None
    ) -> None:
        """Entries first..last, each with its body exactly as stored (or its digest)."""
        if last < first:
            return
        for batch in self._decision_batches(first, last, session):
            for seq, body, prev, digest in batch:
                masked = self._masked_body(body) if self.mask_pii else None
                # a secret an older version let into the log never leaves it (masked or not)
                hidden = redacted_body(masked if masked is not None else body)
                masked = hidden if hidden is not None else masked
                if masked is None:
                    writer.write(mf.encode_plain_line(seq, body, prev, digest))
                    continue
                writer.write(_masked_line(seq, body, prev, digest, masked))
            self._tick("decisions.jsonl", len(batch))

    def _masked_body(self, body: str) -> str | None:
        """The masked body of a decision about the public, when masking changes it.

        ``None`` ships the body as stored: staff decisions (statements, tasks, the export
        decision itself ...) are never masked, nor is a body masking leaves unchanged.
        """
        assert self.masker is not None
        if not public_body(body):
            return None
        data = json.loads(body)
        scrubbed = self.masker.scrub_decision(data)
        if scrubbed == data:
            return None
        return json.dumps(scrubbed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def _decision_batches(
        self, first: int, last: int, session: Session | None = None
    ) -> Iterator[list[tuple[int, str, str, str]]]:
        if session is not None:
            yield from _batches(session, first, last)
            return
        with self.desk.db.read() as reading:
            yield from _batches(reading, first, last)

    def _write_decisions(self, as_of: int, jsonl: HashingWriter) -> list[dict[str, Any]]:
        """``decisions.jsonl`` lines 1..as_of and ``decisions.csv`` (the incident's decisions,
        for people) in one pass, each body read and masked once; returns the timeline."""
        writer = HashingWriter(self.out / mf.DECISIONS_CSV)
        timeline: list[dict[str, Any]] = []
        needle = f'"incident":{self.incident_id},'
        masker = self.masker if self.mask_pii else None
        try:
            out = SafeWriter(TextSink(writer), [DECISION_COLUMNS.index(c) for c in DECISION_TEXT])
            out.writeheader(DECISION_COLUMNS)
            for batch in self._decision_batches(1, as_of):
                for seq, body, prev, digest in batch:
                    data: dict[str, Any] | None = None
                    shown: str | dict[str, Any] | None = None  # None: the body as stored
                    if masker is not None and public_body(body):
                        data = json.loads(body)
                        scrubbed = masker.scrub_decision(data)
                        if scrubbed != data:
                            shown = data = scrubbed
                    # a secret an older version let into the log never leaves it (masked or not)
                    hidden = redacted_body(body if shown is None else _canonical(shown))
                    if hidden is not None:
                        shown = hidden
                        data = json.loads(hidden)
                    if shown is None:
                        jsonl.write(mf.encode_plain_line(seq, body, prev, digest))
                    else:
                        jsonl.write(_masked_line(seq, body, prev, digest, shown))
                    if needle not in body:
                        continue
                    if data is None:
                        data = json.loads(body)
                    if data.get("incident") != self.incident_id:
                        continue  # the needle was inside a string
                    self._decision_row(out, timeline, seq, digest, data)
                self._tick("decisions.csv", len(batch))
        finally:
            self._record(mf.DECISIONS_CSV, writer)
        return timeline

    def _decision_row(
        self,
        out: SafeWriter,
        timeline: list[dict[str, Any]],
        seq: int,
        digest: str,
        data: dict[str, Any],
    ) -> None:
        summary = data.get("summary") or {}
        kind = data.get("kind", "")
        out.writerow(
            [
                seq,
                data.get("at"),
                data.get("actor") or "",
                data.get("role") or "",
                kind,
                data.get("subject") or "",
                summary.get("ar", ""),
                summary.get("en", ""),
                # secrets are already out: ``data`` is the redacted body when it held any
                json.dumps(data.get("payload") or {}, ensure_ascii=False),
                data.get("corrects") if data.get("corrects") is not None else "",
                digest,
            ]
        )
        if len(timeline) < TIMELINE_LIMIT and not kind.startswith(TIMELINE_SKIP):
            timeline.append(
                {
                    "seq": seq,
                    "at": data.get("at"),
                    "actor": data.get("actor"),
                    "kind": kind,
                    "summary_ar": summary.get("ar", ""),
                    "summary_en": summary.get("en", ""),
                }
            )

    def _write_interactions_csv(self) -> None:
        writer = HashingWriter(self.out / mf.INTERACTIONS_CSV)
        try:
            out = SafeWriter(
                TextSink(writer), [INTERACTION_COLUMNS.index(c) for c in INTERACTION_TEXT]
            )
            out.writeheader(INTERACTION_COLUMNS)
            with self.desk.db.read() as session:
                result = session.connection().execute(
                    select(*(getattr(Interaction, c) for c in INTERACTION_COLUMNS))
                    .where(Interaction.incident_id == self.incident_id)
                    .order_by(Interaction.id)
                    .execution_options(yield_per=BATCH)
                )
                for part in result.partitions(BATCH):
                    for row in part:
                        out.writerow(self._interaction_cells(row))
                    self._tick("interactions.csv", len(part))
        finally:
            self._record(mf.INTERACTIONS_CSV, writer)

    def _interaction_cells(self, row: Any) -> list[Any]:
        if not self.mask_pii:  # the hot loop of an unmasked export: the row as cells
            return [
                ("true" if v else "false") if v.__class__ is bool else ("" if v is None else v)
                for v in row
            ]
        values = dict(zip(INTERACTION_COLUMNS, row, strict=True))
        for name in ("author_handle", "author_name"):
            values[name] = self._person(values[name])
        for name in ("external_id", "text", "edited_text", "location"):
            values[name] = self._mask_text(values[name])
        assert self.masker is not None
        values["reply_address"] = self.masker.reply_address(values["reply_address"])
        cells = []
        for name in INTERACTION_COLUMNS:
            value = values[name]
            if isinstance(value, bool):
                value = "true" if value else "false"
            cells.append("" if value is None else value)
        return cells

    def _write_statements(self) -> None:
        """One JSON file per statement: every version, approval and publication."""
        with self.desk.db.read() as session:
            ids = list(
                session.scalars(
                    select(Statement.id)
                    .where(Statement.incident_id == self.incident_id)
                    .order_by(Statement.id)
                )
            )
            for statement_id in ids:
                record = statement_record(session, statement_id)
                self._write_json(f"{mf.STATEMENTS_DIR}/statement-{statement_id:06d}.json", record)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _masked_line(seq: int, body: str, prev: str, digest: str, masked: Any) -> bytes:
    """A ``decisions.jsonl`` line with the body withheld: its digest (which the chain
    binds) and its masked form (which the signed ``decisions_prefix`` binds)."""
    text = masked if isinstance(masked, str) else _canonical(masked)
    entry = {
        "seq": seq,
        "prev_hash": prev,
        "hash": digest,
        "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        "body_masked": text,
    }
    return mf.encode_line(entry)


def _batches(session: Session, first: int, last: int) -> Iterator[list[tuple[int, str, str, str]]]:
    result = session.connection().execute(
        select(Decision.seq, Decision.body, Decision.prev_hash, Decision.hash)
        .where(Decision.seq >= first, Decision.seq <= last)
        .order_by(Decision.seq)
        .execution_options(yield_per=BATCH)
    )
    with closing(result):
        for part in result.partitions(BATCH):
            yield [(int(s), str(b), str(p), str(h)) for s, b, p, h in part]


def public_body(body: str) -> bool:
    """Whether a stored decision body is about the public's messages (the only ones masked)."""
    marker = body.find('"kind":"')
    if marker < 0:
        return False
    return body.startswith(PUBLIC_KINDS, marker + 8)


def statement_record(session: Session, statement_id: int) -> dict[str, Any]:
    """A statement with all its versions, each with its approvals and publications."""
    row = session.get(Statement, statement_id)
    assert row is not None
    versions = []
    for v in session.scalars(
        select(StatementVersion)
        .where(StatementVersion.statement_id == statement_id)
        .order_by(StatementVersion.number)
    ):
        approvals = [
            _columns(a)
            for a in session.scalars(
                select(Approval).where(Approval.version_id == v.id).order_by(Approval.id)
            )
        ]
        publications = [
            _columns(p, skip=("idempotency_key",))
            for p in session.scalars(
                select(Publication).where(Publication.version_id == v.id).order_by(Publication.id)
            )
        ]
        version = _columns(v)
        version["variables"] = _json_or_text(v.variables)
        version["approvals"] = approvals
        version["publications"] = publications
        versions.append(version)
    record = _columns(row)
    record["versions"] = versions
    return record


def _columns(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}


def _json_or_text(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


def _prefix_digest(path: Path, size: int) -> str:
    sha = hashlib.sha256()
    left = size
    with path.open("rb") as handle:
        while left > 0 and (chunk := handle.read(min(mf.CHUNK, left))):
            sha.update(chunk)
            left -= len(chunk)
    return sha.hexdigest()


def _prepare(out: Path) -> None:
    """The output folder must be new or empty: a bundle is never mixed with other files."""
    if out.exists():
        if not out.is_dir():
            raise InputError(out, None, "exists and is not a folder")
        if any(out.iterdir()):
            raise InputError(out, None, "folder is not empty; choose a new folder for the bundle")
    out.mkdir(parents=True, exist_ok=True)
