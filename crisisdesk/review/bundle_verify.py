"""Offline verification of an export bundle, from the bundle alone (no database, no keyring).

The algorithm is described for auditors in README.md, "Verifying an export bundle". It stops
at the first problem and names it in one line.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crisisdesk.review import manifest as mf
from crisisdesk.review.kpis import (
    APPROVED,
    PUBLISHED_KINDS,
    REJECTED,
    SUBMITTED,
    TASK_DONE,
    nearest_rank,
    statement_times,
)
from crisisdesk.storage.chain import fingerprint
from crisisdesk.storage.verify import BodyDigest, CheckpointClaim, Row, link, verify_rows

BATCH = 20_000
PLAIN_KEYS = {"seq", "body", "prev_hash", "hash"}
MASKED_KEYS = {"seq", "body_sha256", "body_masked", "prev_hash", "hash"}
MANIFEST_KEYS = {
    "format",
    "generator",
    "log_id",
    "incident",
    "export",
    "head",
    "checkpoints",
    "public_keys",
    "files",
}
STATEMENT_KINDS = (SUBMITTED, APPROVED, REJECTED, *PUBLISHED_KINDS)


HEX = frozenset("0123456789abcdef")


def _hex(value: str) -> bool:
    return len(value) == 64 and HEX.issuperset(value)


class Tampered(Exception):
    """The first problem found; its message is the one line the verifier prints."""


@dataclass
class BundleVerdict:
    ok: bool
    problem: str | None = None
    entries: int = 0
    checkpoints: int = 0
    head_hash: str | None = None
    keys_pinned: bool = False
    keys: list[str] = field(default_factory=list)
    files: int = 0
    incident: int | None = None

    def describe(self) -> str:
        if not self.ok:
            return f"TAMPERED: {self.problem}"
        pinned = "pinned key" if self.keys_pinned else "key taken from the bundle (not pinned)"
        return (
            f"valid: {self.files} files, {self.entries} decisions, "
            f"{self.checkpoints} checkpoints, head {(self.head_hash or '')[:16]}…, "
            f"{pinned} {', '.join(self.keys)}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problem": self.problem,
            "entries": self.entries,
            "checkpoints": self.checkpoints,
            "head_hash": self.head_hash,
            "keys_pinned": self.keys_pinned,
            "keys": self.keys,
            "files": self.files,
            "incident": self.incident,
        }


def verify_bundle(root: Path, public_keys: set[str] | None = None) -> BundleVerdict:
    """Check every file, the chain, the signatures and the figures; never raises on bad data."""
    check = _BundleCheck(root, public_keys)
    try:
        return check.run()
    except Tampered as exc:
        return BundleVerdict(ok=False, problem=str(exc), incident=check.incident_id)


class _Recount:
    """What the verifier recomputes from the decisions up to the KPIs' as-of seq."""

    def __init__(self, incident_id: int, as_of: int, start: str | None, end: str | None) -> None:
        self.incident_id = incident_id
        self.as_of = as_of
        self.start = start
        self.end = end
        self.by_kind: Counter[str] = Counter()
        self.events: list[tuple[str, str, str]] = []
        self.completed = 0
        self.completed_late = 0
        self.needle = f'"incident":{incident_id},'

    def add(self, seq: int, body: str) -> None:
        if seq > self.as_of or self.needle not in body:
            return
        data = json.loads(body)
        if data.get("incident") != self.incident_id:
            return
        at = str(data.get("at"))
        if (self.start is not None and at < self.start) or (
            self.end is not None and at >= self.end
        ):
            return
        kind = str(data.get("kind"))
        self.by_kind[kind] += 1
        if kind in STATEMENT_KINDS:
            self.events.append((kind, str(data.get("subject") or ""), at))
        elif kind == TASK_DONE:
            self.completed += 1
            if (data.get("payload") or {}).get("late"):
                self.completed_late += 1


class _BundleCheck:
    def __init__(self, root: Path, public_keys: set[str] | None) -> None:
        self.root = root
        self.pinned = {k.strip().lower() for k in public_keys} if public_keys else None
        self.incident_id: int | None = None
        self.export_body: dict[str, Any] | None = None
        self.prefix_sha: str | None = None
        self.prefix_size = 0

    # ------------------------------------------------------------------ steps
    def run(self) -> BundleVerdict:
        if not self.root.is_dir():
            raise Tampered(f"{self.root}: not a folder")
        manifest = self._manifest()
        self._files(manifest)
        kpis = self._json_file(mf.KPIS_JSON)
        recount = self._recount_for(kpis, manifest)
        keys = self._keys(manifest)
        verdict = self._chain(manifest, keys, recount)
        self._export_decision(manifest, kpis)
        self._figures(kpis, recount)
        return BundleVerdict(
            ok=True,
            entries=verdict.entries,
            checkpoints=verdict.checkpoints_checked,
            head_hash=verdict.head_hash,
            keys_pinned=self.pinned is not None,
            keys=sorted(fingerprint(k) for k in keys),
            files=len(manifest["files"]) + 1,
            incident=self.incident_id,
        )

    def _manifest(self) -> dict[str, Any]:
        path = self.root / mf.MANIFEST
        if not path.is_file():
            raise Tampered(f"{mf.MANIFEST} is missing")
        data = path.read_bytes()
        try:
            manifest = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise Tampered(f"{mf.MANIFEST} is not valid JSON ({exc})") from None
        if not isinstance(manifest, dict) or set(manifest) != MANIFEST_KEYS:
            raise Tampered(f"{mf.MANIFEST} does not have the fields of a bundle manifest")
        if manifest["format"] != mf.FORMAT:
            raise Tampered(f"{mf.MANIFEST}: unknown format {manifest['format']!r}")
        if mf.encode_manifest(manifest) != data:
            raise Tampered(f"{mf.MANIFEST} is not in its canonical encoding (it was edited)")
        try:
            self.incident_id = int(manifest["incident"]["id"])
            int(manifest["head"]["seq"])
            int(manifest["export"]["seq"])
            for entry in manifest["files"].values():
                str(entry["sha256"])
                int(entry["size"])
        except (KeyError, TypeError, ValueError, AttributeError):
            raise Tampered(f"{mf.MANIFEST} has a malformed field") from None
        return manifest

    def _files(self, manifest: dict[str, Any]) -> None:
        listed = manifest["files"]
        present = set(mf.bundle_files(self.root))
        for name in sorted(set(listed) - present):
            raise Tampered(f"{name} is listed in the manifest but missing")
        for name in sorted(present - set(listed)):
            raise Tampered(f"{name} is not listed in the manifest (added)")
        if mf.DECISIONS_JSONL not in listed or mf.KPIS_JSON not in listed:
            raise Tampered(f"{mf.MANIFEST} does not list {mf.DECISIONS_JSONL} and {mf.KPIS_JSON}")
        for name in sorted(listed):
            digest, size = mf.file_digest(self.root / name)
            if size != listed[name]["size"]:
                raise Tampered(
                    f"{name}: size {size} differs from the manifest's {listed[name]['size']}"
                )
            if digest != listed[name]["sha256"]:
                raise Tampered(f"{name}: SHA-256 differs from the manifest (the file was changed)")

    def _json_file(self, name: str) -> dict[str, Any]:
        try:
            value = json.loads((self.root / name).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise Tampered(f"{name} is not valid JSON ({exc})") from None
        if not isinstance(value, dict):
            raise Tampered(f"{name} is not a JSON object")
        return value

    def _recount_for(self, kpis: dict[str, Any], manifest: dict[str, Any]) -> _Recount:
        try:
            incident = int(kpis["incident"]["id"])
            as_of = int(kpis["as_of_seq"])
            window = kpis["window"]
        except (KeyError, TypeError, ValueError):
            raise Tampered(f"{mf.KPIS_JSON} lacks its incident, window or as-of seq") from None
        if incident != self.incident_id:
            raise Tampered(
                f"{mf.KPIS_JSON} is about incident {incident}, the bundle about {self.incident_id}"
            )
        return _Recount(incident, as_of, window.get("from"), window.get("to"))

    def _keys(self, manifest: dict[str, Any]) -> set[str]:
        used = sorted({str(c.get("public_key")) for c in manifest["checkpoints"]})
        if manifest["public_keys"] != used:
            raise Tampered(f"{mf.MANIFEST}: public_keys differ from the keys of its checkpoints")
        return self.pinned if self.pinned is not None else set(used)

    # ------------------------------------------------------------------ chain
    def _chain(self, manifest: dict[str, Any], keys: set[str], recount: _Recount) -> Any:
        try:
            claims = [
                CheckpointClaim(
                    int(c["seq"]),
                    str(c["head_hash"]),
                    str(c["at"]),
                    str(c["public_key"]),
                    str(c["signature"]),
                    source=mf.MANIFEST,
                )
                for c in manifest["checkpoints"]
            ]
        except (KeyError, TypeError, ValueError):
            raise Tampered(f"{mf.MANIFEST}: a checkpoint is malformed") from None
        for claim in claims:
            if not (_hex(claim.head_hash) and _hex(claim.public_key)) or not (
                len(claim.signature) == 128 and HEX.issuperset(claim.signature)
            ):
                raise Tampered(f"{mf.MANIFEST}: the checkpoint at seq {claim.seq} is malformed")
            if not claim.at.isascii():
                raise Tampered(f"{mf.MANIFEST}: the checkpoint at seq {claim.seq} is malformed")
        log_id = manifest["log_id"]
        if not isinstance(log_id, str) or len(log_id) != 32 or not HEX.issuperset(log_id):
            raise Tampered(f"{mf.MANIFEST}: malformed log_id")
        if not all(isinstance(k, str) and _hex(k) for k in keys):
            raise Tampered("a public key is not 64 hex digits")
        export_seq = int(manifest["export"]["seq"])
        try:
            verdict = verify_rows(log_id, self._rows(recount, export_seq), claims, keys)
        except (ValueError, UnicodeError, OverflowError) as exc:
            raise Tampered(f"{mf.DECISIONS_JSONL}: malformed entry ({exc})") from None
        if not verdict.ok:
            raise Tampered(f"{mf.DECISIONS_JSONL}: {verdict.describe()}")
        if not claims:
            raise Tampered(f"{mf.MANIFEST} carries no signed checkpoint")
        if verdict.unsigned_tail:
            raise Tampered(
                f"{mf.DECISIONS_JSONL}: the last {verdict.unsigned_tail} entries are not covered "
                "by the export's signed checkpoint (entries were added)"
            )
        head = manifest.get("head")
        if (
            not isinstance(head, dict)
            or verdict.entries != head.get("seq")
            or verdict.head_hash != head.get("hash")
        ):
            raise Tampered(f"{mf.MANIFEST}: the head does not match the recomputed chain")
        if export_seq != head["seq"]:
            raise Tampered(f"{mf.MANIFEST}: the export decision is not the signed head")
        if self.prefix_sha is None:
            raise Tampered(f"{mf.DECISIONS_JSONL} ends before seq {recount.as_of}")
        return verdict

    def _rows(self, recount: _Recount, export_seq: int) -> Iterator[list[Row]]:
        """``decisions.jsonl`` as verifier rows, checking each line's exact form."""
        path = self.root / mf.DECISIONS_JSONL
        prefix = hashlib.sha256()
        size = 0
        batch: list[Row] = []
        number = 0
        if recount.as_of == 0:
            self.prefix_sha = prefix.hexdigest()
        with path.open("rb") as handle:
            for line in handle:
                number += 1
                seq, body, text, prev, digest = self._line(number, line)
                recount.add(seq, text)
                if seq <= recount.as_of:
                    prefix.update(line)
                    size += len(line)
                    if seq == recount.as_of:
                        self.prefix_sha, self.prefix_size = prefix.hexdigest(), size
                if seq == export_seq:
                    self.export_body = json.loads(text)
                batch.append((seq, body, link(prev, digest)))
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def _line(self, number: int, line: bytes) -> tuple[int, bytes, str, str, str]:
        where = f"{mf.DECISIONS_JSONL} line {number}"
        if not line.endswith(b"\n"):
            raise Tampered(f"{where}: the file does not end with a newline")
        try:
            entry = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise Tampered(f"{where}: not valid JSON") from None
        if not isinstance(entry, dict) or set(entry) not in (PLAIN_KEYS, MASKED_KEYS):
            raise Tampered(f"{where}: not a decision entry")
        seq, prev, digest = entry["seq"], entry["prev_hash"], entry["hash"]
        if not isinstance(seq, int) or not isinstance(prev, str) or not isinstance(digest, str):
            raise Tampered(f"{where}: malformed seq or hashes")
        plain = "body" in entry and isinstance(entry["body"], str) and _hex(prev) and _hex(digest)
        encoded = (
            mf.encode_plain_line(seq, entry["body"], prev, digest)
            if plain
            else mf.encode_line(entry)
        )
        if encoded != line:
            raise Tampered(f"{where}: not in canonical form (it was edited)")
        if "body" in entry:
            if not isinstance(entry["body"], str):
                raise Tampered(f"{where}: malformed body")
            text = entry["body"]
            return seq, text.encode("utf-8"), text, prev, digest
        try:
            body = BodyDigest(bytes.fromhex(entry["body_sha256"]))
            text = str(entry["body_masked"])
            json.loads(text)
        except (TypeError, ValueError):
            raise Tampered(f"{where}: malformed masked body") from None
        if len(body) != 32:
            raise Tampered(f"{where}: malformed body digest")
        return seq, body, text, prev, digest

    # ------------------------------------------------------- export decision
    def _export_decision(self, manifest: dict[str, Any], kpis: dict[str, Any]) -> None:
        body = self.export_body
        where = f"export decision (seq {manifest['export']['seq']})"
        if body is None or body.get("kind") != mf.EXPORT_KIND:
            raise Tampered(f"{where}: the signed head is not an {mf.EXPORT_KIND} decision")
        payload = body.get("payload") or {}
        data_files = {k: v for k, v in manifest["files"].items() if k != mf.DECISIONS_JSONL}
        if payload.get("files") != data_files:
            changed = sorted(
                name
                for name in set(data_files) | set(payload.get("files") or {})
                if data_files.get(name) != (payload.get("files") or {}).get(name)
            )
            raise Tampered(f"{where}: the signed file hashes differ for {', '.join(changed)}")
        if payload.get("files_sha256") != manifest["export"]["files_sha256"]:
            raise Tampered(f"{where}: files_sha256 differs from the manifest")
        if (
            payload.get("incident") != manifest["incident"]
            or body.get("incident") != self.incident_id
        ):
            raise Tampered(f"{where}: the incident differs from the manifest")
        if payload.get("generator") != manifest["generator"] or payload.get("format") != mf.FORMAT:
            raise Tampered(f"{where}: the generator or format differs from the manifest")
        prefix = payload.get("decisions_prefix") or {}
        if prefix.get("through_seq") != kpis.get("as_of_seq") or payload.get(
            "as_of_seq"
        ) != kpis.get("as_of_seq"):
            raise Tampered(f"{where}: the KPIs' as-of seq differs from the signed one")
        if prefix.get("sha256") != self.prefix_sha or prefix.get("size") != self.prefix_size:
            raise Tampered(
                f"{mf.DECISIONS_JSONL}: lines up to seq {prefix.get('through_seq')} differ from "
                "the signed digest (a masked body was changed)"
            )

    # ---------------------------------------------------------------- figures
    def _figures(self, kpis: dict[str, Any], recount: _Recount) -> None:
        """The KPIs the decisions determine must equal what the decisions say."""
        where = f"{mf.KPIS_JSON} disagrees with {mf.DECISIONS_JSONL}"
        decisions = kpis.get("decisions") or {}
        if decisions.get("by_kind") != dict(sorted(recount.by_kind.items())):
            raise Tampered(f"{where}: decision counts by kind")
        if decisions.get("total") != sum(recount.by_kind.values()):
            raise Tampered(f"{where}: decision total")
        times = statement_times(recount.events)
        statements = kpis.get("statements") or {}
        for key in ("first_approved_at", "first_published_at"):
            if statements.get(key) != times[key]:
                raise Tampered(f"{where}: statements.{key}")
        turn = sorted(times["turnarounds"])
        dist = statements.get("approval_turnaround_s") or {}
        expected = (len(turn), nearest_rank(turn, 50), nearest_rank(turn, 90))
        if (dist.get("count"), dist.get("median"), dist.get("p90")) != expected:
            raise Tampered(f"{where}: approval turnaround")
        checklist = kpis.get("checklist") or {}
        if (checklist.get("completed"), checklist.get("completed_late")) != (
            recount.completed,
            recount.completed_late,
        ):
            raise Tampered(f"{where}: completed tasks")
        interactions = kpis.get("interactions") or {}
        window = kpis.get("window") or {}
        if window.get("from") is None and window.get("to") is None:
            rows = self._csv_rows(mf.INTERACTIONS_CSV)
            if interactions.get("total") is not None and rows < interactions["total"]:
                raise Tampered(
                    f"{mf.KPIS_JSON} counts {interactions['total']} interactions but "
                    f"{mf.INTERACTIONS_CSV} holds {rows}"
                )

    def _csv_rows(self, name: str) -> int:
        path = self.root / name
        if not path.is_file():
            return 0
        with path.open(encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle))
        return max(rows - 1, 0)
