"""The closed word lists of intake, with no dependencies (the command line offers them).

``STATUSES`` and ``VERIFICATION`` are the states of an interaction and of a rumour cluster;
``INGEST_FORMATS`` are the ``crisisdesk ingest --format`` names (the keys of
`crisisdesk.intake.parsers.FORMATS`, sorted; a test keeps the two equal) and
``CONNECTOR_CHANNELS`` the channels a live connector can poll. ``OPEN_REPLY_RESULTS`` are the
results of a reply whose outcome is not known yet (see `crisisdesk.intake.replies`).
Importing this module loads neither the channel parsers nor the database layer.
"""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("new", "in_progress", "answered", "escalated", "closed")
OPEN_STATUSES: tuple[str, ...] = ("new", "in_progress", "escalated")
VERIFICATION: tuple[str, ...] = ("unverified", "false", "true", "addressed")

INGEST_FORMATS: tuple[str, ...] = (
    "brandwatch",
    "csv",
    "email",
    "meltwater",
    "rss",
    "whatsapp",
    "x",
)
CONNECTOR_CHANNELS: tuple[str, ...] = ("x", "rss", "imap", "whatsapp")
OPEN_REPLY_RESULTS: tuple[str, ...] = ("sending", "unknown")

__all__ = [
    "CONNECTOR_CHANNELS",
    "INGEST_FORMATS",
    "OPEN_REPLY_RESULTS",
    "OPEN_STATUSES",
    "STATUSES",
    "VERIFICATION",
]
