"""Verification of a decision log, from a database or from an export's rows alone.

Checks, in one pass: seqs run 1..N with no gap; every ``prev_hash`` links to the hash of
the entry before; every hash recomputes from the body; every checkpoint's signature is
valid under a pinned public key and matches the recomputed head at its seq. It reports the
first bad seq and the unsigned tail after the last valid checkpoint.

A database hands the entries over in `Span`s (thousands of entries per read, each column
concatenated by the database itself), which costs far less than one Python row per entry; a
second process may check the spans at the end of the log on its own (`SpanCheck`), from each
span's stored first ``prev_hash``, while this one checks those at the start. A span that does
not hold exactly is not judged on its own: the entries from its first seq on are walked again
row by row, so a problem is reported at the same seq and in the same words whichever way the
entries were read.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from struct import Struct, unpack
from struct import error as StructError
from typing import Any

from crisisdesk.storage.chain import checkpoint_message, fingerprint, genesis_hash, link_prefix

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


@dataclass(frozen=True)
class Span:
    """Entries ``first..last`` as the database lists them in one read, each column concatenated.

    ``order``: each listed entry's seq minus ``first``, comma-separated, in listing order; the
    other columns list the entries in that same order. ``bodies_present``: how many listed
    entries have a body. ``lengths``: each body's length in bytes as 8 hex digits, back to back.
    ``bodies``: the bodies' bytes back to back. ``prev_hashes`` and ``hashes``: the stored
    columns, "|"-separated, with "-" for a missing value. A column is None when the database
    listed no entry at all.
    """

    first: int
    last: int
    bodies_present: int
    order: str | None
    lengths: str | None
    bodies: bytes | None
    prev_hashes: str | None
    hashes: str | None


@dataclass(frozen=True)
class SpanCheck:
    """A span checked on its own, from its stored first ``prev_hash`` (`check_span`).

    ``ok``: every claim of the span holds exactly given that ``prev_hash``; then ``head`` is the
    recomputed hash of entry ``last`` and ``heads`` the recomputed hashes at the checkpoint
    seqs inside the span. It counts for the chain only if ``prev_hash`` is the recomputed hash
    of the entry before ``first``.
    """

    first: int
    last: int
    ok: bool
    prev_hash: str = ""
    head: str = ""
    heads: dict[int, str] = field(default_factory=dict)


RowsFrom = Callable[[int | None], Iterable[Sequence[Row]]]
"""The row-by-row reading, by seq: the entries from a seq on, or every entry for None."""


def check_span(log_id: str, span: Span, wanted: Iterable[int]) -> SpanCheck:
    """Check one span on its own; ``wanted``: the checkpoint seqs whose heads are needed."""
    prev_hash = (span.prev_hashes or "")[:64]
    chain = _Chain(log_id, wanted)
    try:
        chain.prev_raw = bytes.fromhex(prev_hash)
    except ValueError:
        return SpanCheck(span.first, span.last, ok=False)
    if len(chain.prev_raw) != 32:
        return SpanCheck(span.first, span.last, ok=False)
    chain.expected, chain.prev_hex = span.first, prev_hash
    if not chain.span(span):
        return SpanCheck(span.first, span.last, ok=False)
    return SpanCheck(span.first, span.last, True, prev_hash, chain.prev_hex, chain.heads)


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
    chain = _Chain(log_id, (cp.seq for cp in checkpoints))
    stopped = chain.walk(batches, total, progress, cancel)
    if stopped is not None:
        return stopped
    return chain.finish(checkpoints, pinned_keys)


def verify_spans(
    log_id: str,
    spans: Iterable[Span | SpanCheck] | None,
    rows_from: RowsFrom,
    checkpoints: Sequence[CheckpointClaim],
    pinned_keys: set[str],
    *,
    total: int = 0,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Verdict:
    """Verify the spans (in seq order, from seq 1) and then, row by row, every entry after them.

    The rows are walked from the first span that does not hold exactly, so a problem is
    reported as a row-by-row walk reports it; they are walked from the very first entry when
    ``spans`` is None (when the database cannot promise that its entries start at seq 1).
    """
    chain = _Chain(log_id, (cp.seq for cp in checkpoints))
    for span in spans or ():
        if not (chain.take(span) if isinstance(span, SpanCheck) else chain.span(span)):
            break
        if progress is not None:
            progress(chain.expected - 1, total)
        if cancel is not None and cancel():
            return _cancelled(chain.expected - 1)
    rest = rows_from(None if spans is None else chain.expected)
    stopped = chain.walk(rest, total, progress, cancel)
    if stopped is not None:
        return stopped
    return chain.finish(checkpoints, pinned_keys)


@lru_cache(maxsize=4)
def _order(count: int) -> str:
    """The `Span.order` of ``count`` entries listed in seq order with none missing."""
    return ",".join(map(str, range(count)))


class _Chain:
    """The chain recomputed so far: the next seq expected and the hash of the entry before it."""

    def __init__(self, log_id: str, wanted: Iterable[int]) -> None:
        self.log_id = log_id
        self.prefix = link_prefix(log_id)
        # prefix ‖ seq as 8 bytes big-endian ‖ prev_hash ‖ SHA-256(body), in one call
        self.preimage = Struct(f">{len(self.prefix)}sQ32s32s").pack
        self.expected = 1
        self.prev_hex = genesis_hash(log_id)
        self.prev_raw = bytes.fromhex(self.prev_hex)
        self.wanted = set(wanted)
        self.wanted_in_order = sorted(self.wanted)
        self.heads: dict[int, str] = {}

    def span(self, span: Span) -> bool:
        """Take a whole span if every claim in it holds exactly; else change nothing."""
        first, last = span.first, span.last
        count = last - first + 1
        bodies, lengths = span.bodies, span.lengths
        if (
            first != self.expected
            or count < 1
            or span.bodies_present != count
            or span.order != _order(count)
            or bodies is None
            or lengths is None
        ):
            return False
        if len(lengths) != 8 * count:
            return False
        try:
            ends = list(accumulate(unpack(f">{count}I", bytes.fromhex(lengths))))
        except (ValueError, StructError):  # not 8 hex digits each
            return False
        if ends[-1] != len(bodies):
            return False
        starts = [0, *ends]
        starts.pop()
        sha = hashlib.sha256
        preimage = self.preimage
        prefix = self.prefix
        prev_raw = self.prev_raw
        raws = [prev_raw]
        keep = raws.append
        # The bodies' own digests are taken without a Python step per entry; the link
        # preimages need the previous hash, so they go one by one.
        inners = map(_DIGEST, map(sha, map(bodies.__getitem__, map(slice, starts, ends))))
        for seq, inner in zip(range(first, last + 1), inners, strict=True):
            prev_raw = sha(preimage(prefix, seq, prev_raw, inner)).digest()
            keep(prev_raw)
        # "prev|hash1|hash2|…": the first 64 characters are the link of the entry before.
        listed = b"".join(raws).hex("|", 32)
        if listed[65:] != span.hashes or listed[:-65] != span.prev_hashes:
            return False
        wanted = self.wanted_in_order
        for i in range(bisect_left(wanted, first), bisect_right(wanted, last)):
            at = 65 * (wanted[i] - first + 1)
            self.heads[wanted[i]] = listed[at : at + 64]
        self.expected = last + 1
        self.prev_raw = prev_raw
        self.prev_hex = listed[-64:]
        return True

    def take(self, check: SpanCheck) -> bool:
        """Take a span checked on its own if it holds and links to the chain so far."""
        if not check.ok or check.first != self.expected or check.prev_hash != self.prev_hex:
            return False
        self.heads.update((seq, head) for seq, head in check.heads.items() if seq in self.wanted)
        self.expected = check.last + 1
        self.prev_hex = check.head
        self.prev_raw = bytes.fromhex(check.head)
        return True

    def walk(
        self,
        batches: Iterable[Sequence[Row]],
        total: int,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> Verdict | None:
        """Check rows one by one; a Verdict if they stop the verification, None when all hold."""
        sha = hashlib.sha256
        prefix = self.prefix
        prev_hex, prev_raw = self.prev_hex, self.prev_raw
        expected = self.expected
        wanted = self.wanted
        heads = self.heads
        for batch in batches:
            for seq, body, stored in batch:
                if seq != expected:
                    problem = (
                        f"entry {expected} is missing (next is {seq})"
                        if seq > expected
                        else f"seq {seq} out of order or repeated (expected {expected})"
                    )
                    return _bad(expected - 1, min(seq, expected), problem)
                inner = body if type(body) is BodyDigest else sha(body).digest()
                raw = sha(prefix + seq.to_bytes(8, "big") + prev_raw + inner).digest()
                calc = raw.hex()
                if stored != f"{prev_hex}|{calc}":
                    if not stored.startswith(prev_hex + "|"):
                        return _bad(seq - 1, seq, "prev_hash does not link to the entry before")
                    return _bad(seq - 1, seq, "hash does not match the entry's content")
                if seq in wanted:
                    heads[seq] = calc
                prev_hex, prev_raw = calc, raw
                expected += 1
            done = expected - 1
            if progress is not None:
                progress(done, total)
            if cancel is not None and cancel():
                return _cancelled(done)
        self.prev_hex, self.prev_raw, self.expected = prev_hex, prev_raw, expected
        return None

    def finish(self, checkpoints: Sequence[CheckpointClaim], pinned_keys: set[str]) -> Verdict:
        return _check_checkpoints(
            self.log_id, self.expected - 1, self.prev_hex, self.heads, checkpoints, pinned_keys
        )


_DIGEST = type(hashlib.sha256()).digest


def _cancelled(entries: int) -> Verdict:
    return Verdict(ok=False, entries=entries, cancelled=True, problem="cancelled")


def _bad(entries: int, seq: int, problem: str) -> Verdict:
    """A broken chain; ``entries`` is how many entries were found good before ``seq``."""
    return Verdict(ok=False, entries=entries, first_bad_seq=seq, problem=problem)


def _check_checkpoints(
    log_id: str,
    last_seq: int,
    head: str,
    heads: dict[int, str],
    checkpoints: Sequence[CheckpointClaim],
    pinned_keys: set[str],
) -> Verdict:
    from crisisdesk.storage.signing import signature_valid  # loads the keyring: only here

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
