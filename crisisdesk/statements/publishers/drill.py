"""The sandbox channel a drill publishes to: it records, it never sends.

A drill incident must never reach the public, so the caller routes every publication of
a drill here instead of to the real client; it answers like a channel that succeeded,
and repeats the first answer for a repeated idempotency key, as a real server should.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from crisisdesk.statements.publishers.result import Publication, PublishResult

__all__ = ["RecordedPublication", "SandboxChannel"]


@dataclass(frozen=True)
class RecordedPublication:
    channel: str
    target: str
    publication: Publication


class SandboxChannel:
    """Stands in for ``channel``; keeps what would have been sent in :attr:`records`."""

    def __init__(self, channel: str = "sandbox") -> None:
        self.channel = channel
        self.records: list[RecordedPublication] = []
        self._results: dict[str, PublishResult] = {}
        self._lock = threading.Lock()

    def publish(self, publication: Publication, target: str = "") -> PublishResult:
        with self._lock:
            previous = self._results.get(publication.key)
            if previous is not None:
                return previous
            self.records.append(RecordedPublication(self.channel, target, publication))
            result = PublishResult(
                True,
                f"sandbox-{self.channel}-{publication.key[:16]}",
                "recorded",
                None,
                False,
                idempotency_key=publication.key,
            )
            self._results[publication.key] = result
            return result
