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

from crisisdesk.log.verify import BodyDigest, CheckpointClaim, Row, link, verify_rows
from crisisdesk.review import manifest as mf
from crisisdesk.review.export_state import incomplete_reason, read_marker
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
from crisisdesk.storage.publication_proof import PublicationProof

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
CHECKPOINT_KEYS = frozenset({"seq", "head_hash", "at", "public_key", "signature"})
STATEMENT_KINDS = (SUBMITTED, APPROVED, REJECTED, *PUBLISHED_KINDS)


HEX = frozenset("0123456789abcdef")


def _hex(value: str) -> bool:
    return len(value) == 64 and HEX.issuperset(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _manifest_shape(m: dict[str, Any]) -> str | None:
    """What is malformed in a manifest with the right keys, or ``None``: every later step
    may then index it without a guard."""
    incident, export, head = m["incident"], m["export"], m["head"]
    if not (isinstance(m["generator"], str) and isinstance(m["log_id"], str)):
        return "generator and log_id must be text"
    if not (isinstance(incident, dict) and _is_int(incident.get("id"))):
        return "malformed incident"
    if not (
        isinstance(export, dict)
        and set(export) == {"seq", "files_sha256"}
        and _is_int(export["seq"])
        and isinstance(export["files_sha256"], str)
    ):
        return "malformed export"
    if not (
        isinstance(head, dict)
        and set(head) == {"seq", "hash"}
        and _is_int(head["seq"])
        and isinstance(head["hash"], str)
    ):
        return "malformed head"
    checkpoints = m["checkpoints"]
    if not isinstance(checkpoints, list) or not all(
        isinstance(c, dict)
        and set(c) == CHECKPOINT_KEYS
        and _is_int(c["seq"])
        and all(isinstance(c[k], str) for k in CHECKPOINT_KEYS - {"seq"})
        for c in checkpoints
    ):
        return "malformed checkpoints"
    keys = m["public_keys"]
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        return "malformed public_keys"
    files = m["files"]
    if not isinstance(files, dict) or not all(
        isinstance(entry, dict)
        and set(entry) == {"sha256", "size"}
        and isinstance(entry["sha256"], str)
        and _is_int(entry["size"])
        for entry in files.values()
    ):
        return "malformed files"
    for name in files:
        parts = name.split("/")
        if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
            return f"the file name {name!r} is not a relative path inside the bundle"
    return None


class Tampered(Exception):
    """The first problem found; its message is the one line the verifier prints."""


class Incomplete(Tampered):
    """The folder is an export that has not finished (its marker is still there)."""


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
    incomplete: bool = False

    def describe(self) -> str:
        if self.incomplete:
            return str(self.problem)
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
            "incomplete": self.incomplete,
        }


def verify_bundle(root: Path, public_keys: set[str] | None = None) -> BundleVerdict:
    """Check every file, the chain, the signatures and the figures; never raises on bad data."""
    check = _BundleCheck(root, public_keys)
    try:
        return check.run()
    except Incomplete as exc:
        return BundleVerdict(ok=False, problem=_one_line(str(exc)), incomplete=True)
    except Tampered as exc:
        return BundleVerdict(ok=False, problem=_one_line(str(exc)), incident=check.incident_id)
    except RecursionError:
        return BundleVerdict(ok=False, problem="a JSON file is nested too deeply to be a bundle's")
    except MemoryError:
        return BundleVerdict(ok=False, problem="a file of the bundle is too large to check")
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        problem = f"cannot read the bundle{where}: {exc.strerror or exc}"
        return BundleVerdict(ok=False, problem=_one_line(problem))
    except Exception as exc:  # a verifier answers, whatever the bundle holds
        return BundleVerdict(
            ok=False,
            problem=_one_line(f"malformed bundle ({type(exc).__name__}: {exc})"),
            incident=check.incident_id,
        )


def _one_line(text: str, limit: int = 400) -> str:
    """A verdict is one line of bounded length, whatever a bad file put in it."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _object(text: str) -> dict[str, Any]:
    """A decision body as a JSON object (anything else is a malformed entry)."""
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("a decision body is not a JSON object")
    return value


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
        data = _object(body)
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
            payload = data.get("payload")
            if isinstance(payload, dict) and payload.get("late"):
                self.completed_late += 1


class _BundleCheck:
    def __init__(self, root: Path, public_keys: set[str] | None) -> None:
        self.root = root
        self.pinned = {k.strip().lower() for k in public_keys} if public_keys else None
        self.incident_id: int | None = None
        self.export_body: dict[str, Any] | None = None
        self.prefix_sha: str | None = None
        self.prefix_size = 0
        self.prefix_through = 0
        self.proof = PublicationProof()

    # ------------------------------------------------------------------ steps
    def run(self) -> BundleVerdict:
        if not self.root.is_dir():
            raise Tampered(f"{self.root}: not a folder")
        marker = read_marker(self.root)
        if marker is not None:
            raise Incomplete(incomplete_reason(marker))
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
        problem = _manifest_shape(manifest)
        if problem:
            raise Tampered(f"{mf.MANIFEST}: {problem}")
        self.incident_id = manifest["incident"]["id"]
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
            path = self.root / name
            if path.is_symlink() or not path.is_file():
                raise Tampered(f"{name} is not a regular file (a bundle holds no links)")
            digest, size = mf.file_digest(path)
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
        incident = kpis.get("incident")
        as_of = kpis.get("as_of_seq")
        window = kpis.get("window")
        if not (
            isinstance(incident, dict)
            and _is_int(incident.get("id"))
            and _is_int(as_of)
            and isinstance(window, dict)
            and all(isinstance(window.get(k), str | None) for k in ("from", "to"))
        ):
            raise Tampered(f"{mf.KPIS_JSON} lacks its incident, window or as-of seq")
        number, seq = int(incident["id"]), int(str(as_of))
        if number != self.incident_id:
            raise Tampered(
                f"{mf.KPIS_JSON} is about incident {number}, the bundle about {self.incident_id}"
            )
        return _Recount(number, seq, window.get("from"), window.get("to"))

    def _keys(self, manifest: dict[str, Any]) -> set[str]:
        used = sorted({c["public_key"] for c in manifest["checkpoints"]})
        if manifest["public_keys"] != used:
            raise Tampered(f"{mf.MANIFEST}: public_keys differ from the keys of its checkpoints")
        return self.pinned if self.pinned is not None else set(used)

    # ------------------------------------------------------------------ chain
    def _chain(self, manifest: dict[str, Any], keys: set[str], recount: _Recount) -> Any:
        claims = [
            CheckpointClaim(
                c["seq"], c["head_hash"], c["at"], c["public_key"], c["signature"], mf.MANIFEST
            )
            for c in manifest["checkpoints"]
        ]
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
        if recount.as_of >= export_seq:
            raise Tampered(f"{mf.KPIS_JSON}: its as-of seq is not before the export decision")
        if self.proof.problem is not None:
            seq, problem = self.proof.problem
            raise Tampered(f"{mf.DECISIONS_JSONL}: TAMPERED at seq {seq}: {problem}")
        return verdict

    def _rows(self, recount: _Recount, export_seq: int) -> Iterator[list[Row]]:
        """``decisions.jsonl`` as verifier rows, checking each line's exact form.

        Every line before the export decision is hashed as bytes (the signed
        ``decisions_prefix`` must match: it binds masked bodies, which the chain cannot);
        the export decision's own line must be plain, so the chain binds its payload.
        """
        path = self.root / mf.DECISIONS_JSONL
        prefix = hashlib.sha256()
        size = 0
        batch: list[Row] = []
        number = 0
        with path.open("rb") as handle:
            for line in handle:
                number += 1
                seq, body, text, prev, digest = self._line(number, line)
                recount.add(seq, text)
                self.proof.add_body(seq, text)
                if seq < export_seq:
                    prefix.update(line)
                    size += len(line)
                    self.prefix_through = seq
                if seq == export_seq:
                    if isinstance(body, BodyDigest):
                        raise Tampered(
                            f"{mf.DECISIONS_JSONL} line {number}: the export decision is masked "
                            "(it never is; its signed payload must be readable)"
                        )
                    self.export_body = _object(text)
                batch.append((seq, body, link(prev, digest)))
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        self.prefix_sha, self.prefix_size = prefix.hexdigest(), size
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
        if not isinstance(entry["body_masked"], str) or not isinstance(entry["body_sha256"], str):
            raise Tampered(f"{where}: malformed masked body")
        try:
            body = BodyDigest(bytes.fromhex(entry["body_sha256"]))
            text = entry["body_masked"]
            _object(text)
        except (TypeError, ValueError):
            raise Tampered(f"{where}: malformed masked body") from None
        if len(body) != 32:
            raise Tampered(f"{where}: malformed body digest")
        return seq, body, text, prev, digest

    # ------------------------------------------------------- export decision
    def _export_decision(self, manifest: dict[str, Any], kpis: dict[str, Any]) -> None:
        body = self.export_body
        export_seq = manifest["export"]["seq"]
        where = f"export decision (seq {export_seq})"
        if body is None or body.get("kind") != mf.EXPORT_KIND:
            raise Tampered(f"{where}: the signed head is not an {mf.EXPORT_KIND} decision")
        payload = body.get("payload")
        if not isinstance(payload, dict) or not isinstance(payload.get("decisions_prefix"), dict):
            raise Tampered(f"{where}: malformed payload")
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
        prefix = payload["decisions_prefix"]
        if payload.get("as_of_seq") != kpis.get("as_of_seq"):
            raise Tampered(f"{where}: the KPIs' as-of seq differs from the signed one")
        if prefix.get("through_seq") != export_seq - 1 or self.prefix_through != export_seq - 1:
            raise Tampered(f"{where}: the signed digest does not cover every line before it")
        if prefix.get("sha256") != self.prefix_sha or prefix.get("size") != self.prefix_size:
            raise Tampered(
                f"{mf.DECISIONS_JSONL}: lines up to seq {export_seq - 1} differ from "
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
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle))
        return max(rows - 1, 0)
