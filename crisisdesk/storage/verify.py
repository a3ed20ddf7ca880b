"""Verification of a decision log, from a database or from an export's rows alone.

Checks, in one pass: seqs run 1..N with no gap; every ``prev_hash`` links to the hash of
the entry before; every hash recomputes from the body; every checkpoint's signature is
valid under a pinned public key and matches the recomputed head at its seq. It reports the
first bad seq and the unsigned tail after the last valid checkpoint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crisisdesk.storage.chain import checkpoint_message, fingerprint, genesis_hash, link_prefix
from crisisdesk.storage.signing import signature_valid

# seq, canonical body bytes, and the link "prev_hash|hash": one string per row instead of two
# keeps a million-row read cheap; the separator keeps the two fields from trading characters.
Row = tuple[int, bytes, str]


def link(prev_hash: str, digest: str) -> str:
    """The third element of a `Row`."""
    return f"{prev_hash}|{digest}"


class BodyDigest(bytes):
    """The SHA-256 digest of a body an export withheld (masked): the chain still links."""


Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class CheckpointClaim:
    """A checkpoint as stored or as kept elsewhere (file, export): what it asserts."""

    seq: int
    head_hash: str
    at: str
    public_key: str
    signature: str
    source: str = "database"


@dataclass
class Verdict:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str | None = None
    unsigned_tail: int = 0
    last_checkpoint_seq: int | None = None
    checkpoints_checked: int = 0
    head_hash: str | None = None
    cancelled: bool = False
    keys: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the command line and the status bar."""
        if self.cancelled:
            return f"verification cancelled after {self.entries} entries"
        if not self.ok:
            return f"TAMPERED at seq {self.first_bad_seq}: {self.problem}"
        tail = (
            f"; unsigned tail of {self.unsigned_tail} entries after the last checkpoint"
            if self.unsigned_tail
            else ""
        )
        signed = (
            f"last signed checkpoint at seq {self.last_checkpoint_seq}"
            if self.last_checkpoint_seq is not None
            else "no signed checkpoint"
        )
        return (
            f"valid: {self.entries} entries, {self.checkpoints_checked} checkpoints, {signed}{tail}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_seq": self.first_bad_seq,
            "problem": self.problem,
            "unsigned_tail": self.unsigned_tail,
            "last_checkpoint_seq": self.last_checkpoint_seq,
            "checkpoints_checked": self.checkpoints_checked,
            "head_hash": self.head_hash,
            "cancelled": self.cancelled,
        }


def verify_rows(
    log_id: str,
    batches: Iterable[Sequence[Row]],
    checkpoints: Sequence[CheckpointClaim],
    pinned_keys: set[str],
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Verdict:
    """Verify a stream of row batches (ordered by seq) against the checkpoints."""
    sha = hashlib.sha256
    prefix = link_prefix(log_id)
    prev_hex = genesis_hash(log_id)
    prev_raw = bytes.fromhex(prev_hex)
    expected = 1
    wanted = {cp.seq for cp in checkpoints}
    heads: dict[int, str] = {}
    done = 0
    for batch in batches:
        for seq, body, stored in batch:
            if seq != expected:
                problem = (
                    f"entry {expected} is missing (next is {seq})"
                    if seq > expected
                    else f"seq {seq} out of order or repeated (expected {expected})"
                )
                return _bad(done, min(seq, expected), problem)
            inner = body if type(body) is BodyDigest else sha(body).digest()
            raw = sha(prefix + seq.to_bytes(8, "big") + prev_raw + inner).digest()
            calc = raw.hex()
            if stored != f"{prev_hex}|{calc}":
                if not stored.startswith(prev_hex + "|"):
                    return _bad(done, seq, "prev_hash does not link to the entry before")
                return _bad(done, seq, "hash does not match the entry's content")
            if seq in wanted:
                heads[seq] = calc
            prev_hex, prev_raw = calc, raw
            expected += 1
        done = expected - 1
        if progress is not None:
            progress(done, total)
        if cancel is not None and cancel():
            return Verdict(ok=False, entries=done, cancelled=True, problem="cancelled")
    last_seq = expected - 1
    return _check_checkpoints(log_id, last_seq, prev_hex, heads, checkpoints, pinned_keys)


def _bad(entries: int, seq: int, problem: str) -> Verdict:
    return Verdict(ok=False, entries=entries, first_bad_seq=seq, problem=problem)


def _check_checkpoints(
    log_id: str,
    last_seq: int,
    head: str,
    heads: dict[int, str],
    checkpoints: Sequence[CheckpointClaim],
    pinned_keys: set[str],
) -> Verdict:
    last_good: int | None = None
    checked = 0
    for cp in sorted(checkpoints, key=lambda c: c.seq):
        where = f"checkpoint at seq {cp.seq} ({cp.source})"
        if cp.public_key not in pinned_keys:
            return Verdict(
                ok=False,
                entries=last_seq,
                first_bad_seq=cp.seq,
                problem=f"{where} is signed by an unknown key {fingerprint(cp.public_key)}",
            )
        message = checkpoint_message(log_id, cp.seq, cp.head_hash, cp.at)
        if not signature_valid(cp.public_key, cp.signature, message):
            start = (last_good or 0) + 1
            return Verdict(
                ok=False,
                entries=last_seq,
                first_bad_seq=start,
                problem=f"{where} has an invalid signature: entries {start}..{cp.seq}"
                " cannot be trusted",
            )
        if cp.seq > last_seq:
            return Verdict(
                ok=False,
                entries=last_seq,
                first_bad_seq=last_seq + 1,
                problem=f"{where} covers entries up to {cp.seq} but the log ends at {last_seq}"
                " (entries were removed)",
            )
        if heads.get(cp.seq) != cp.head_hash:
            start = (last_good or 0) + 1
            return Verdict(
                ok=False,
                entries=last_seq,
                first_bad_seq=start,
                problem=f"{where} does not match the recomputed chain: entries {start}..{cp.seq}"
                " were altered and re-chained",
            )
        checked += 1
        last_good = cp.seq if last_good is None else max(last_good, cp.seq)
    return Verdict(
        ok=True,
        entries=last_seq,
        unsigned_tail=last_seq - (last_good or 0),
        last_checkpoint_seq=last_good,
        checkpoints_checked=checked,
        head_hash=head if last_seq else None,
        keys=sorted(fingerprint(k) for k in pinned_keys),
    )
