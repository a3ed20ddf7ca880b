"""What every connector's poll returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crisisdesk.intake.parsers.base import ParseResult


@dataclass(slots=True)
class PollResult:
    """Messages fetched, the cursor to persist (JSON-able), and the error if the poll broke.

    ``error`` is one line for the channel status indicator; whatever was fetched before the
    error is still in ``result`` and ``state`` points just after it.
    """

    result: ParseResult = field(default_factory=ParseResult)
    state: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    requests: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


__all__ = ["PollResult"]
