"""The log proves what was approved: every publication's hash has an earlier approval.

The chain proves the log was not rewritten, but not that what went out is what the
spokesperson approved: someone who edits a statement's text in the database and copies
its recomputed hash into the approval row passes every row-level check. The log holds the
evidence: ``statement.approved`` carries the hash of the text approved, and
``statement.published`` the hash of the text actually sent. Reading the two kinds in seq
order, a publication whose hash no earlier approval of the same statement carries is the
first bad seq. Older publications without a hash are held to an earlier approval of the
same version.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["APPROVED", "KINDS", "PUBLISHED", "PublicationProof"]

APPROVED = "statement.approved"
PUBLISHED = "statement.published"
KINDS = (APPROVED, PUBLISHED)


class PublicationProof:
    """Feed decision bodies in seq order; ``problem`` is the first unproven publication."""

    def __init__(self) -> None:
        self._hashes: dict[int, set[str]] = {}
        self._versions: set[tuple[int, int]] = set()
        self.problem: tuple[int, str] | None = None
        self.checked = 0

    def add_body(self, seq: int, body: str) -> None:
        """One decision's canonical JSON body (cheap to skip: other kinds are not parsed)."""
        if self.problem is not None or ('"' + APPROVED not in body and '"' + PUBLISHED not in body):
            return
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return
        if isinstance(data, dict):
            self.add(seq, data.get("kind"), data.get("payload"))

    def add(self, seq: int, kind: Any, payload: Any) -> None:
        if self.problem is not None or kind not in KINDS or not isinstance(payload, dict):
            return
        statement = payload.get("statement")
        version = payload.get("version")
        digest = payload.get("content_hash")
        if not isinstance(statement, int) or isinstance(statement, bool):
            if kind == PUBLISHED:
                self.problem = (seq, "a publication names no statement")
            return
        if kind == APPROVED:
            if isinstance(digest, str):
                self._hashes.setdefault(statement, set()).add(digest)
            if isinstance(version, int):
                self._versions.add((statement, version))
            return
        self.checked += 1
        if isinstance(digest, str):
            if digest not in self._hashes.get(statement, set()):
                self.problem = (
                    seq,
                    f"statement #{statement} was published with content hash {digest[:12]}… "
                    "that no earlier approval of it carries (the text sent is not the text "
                    "approved)",
                )
        elif (statement, version) not in self._versions:
            self.problem = (
                seq,
                f"version {version} of statement #{statement} was published without an "
                "earlier approval of it",
            )
