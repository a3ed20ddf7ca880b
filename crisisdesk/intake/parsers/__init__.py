"""Channel parsers: each turns one source's files or payloads into ``IncomingMessage`` rows.

``FORMATS`` maps the ``crisisdesk ingest --format`` names to file importers; ``parse_file``
is the one entry point the command line and the GUI's import dialog call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from crisisdesk.errors import CrisisDeskError, InputError
from crisisdesk.intake.parsers import csv_exports, email, rss, whatsapp, x
from crisisdesk.intake.parsers.base import (
    IncomingMessage,
    ParseResult,
    Rejection,
    describe_error,
)

Importer = Callable[[Path], ParseResult]

FORMATS: dict[str, Importer] = {
    "whatsapp": whatsapp.parse_file,
    "x": x.parse_file,
    "rss": rss.parse_file,
    "email": email.parse_file,
    "csv": csv_exports.parse_csv,
    "meltwater": csv_exports.parse_meltwater,
    "brandwatch": csv_exports.parse_brandwatch,
}
ZONED: dict[str, Callable[..., ParseResult]] = {
    "csv": csv_exports.parse_csv,
    "meltwater": csv_exports.parse_meltwater,
    "brandwatch": csv_exports.parse_brandwatch,
}


# Exports whose times may carry no zone: such times are read in the zone given (``--tz``).
ZONED_FORMATS = ("csv", "meltwater", "brandwatch")


def parse_file(format: str, path: str | Path, *, tz: str | None = None) -> ParseResult:
    """Parse one file in the named format; a missing or unreadable file is one ``InputError``.

    ``tz`` is the zone of zone-less export times (default: this computer's zone, since
    exports from a Saudi account are written in local time).
    """
    importer = FORMATS.get(format)
    if format in ZONED_FORMATS:
        from functools import partial

        from crisisdesk.room_zone import machine_zone_name

        importer = partial(ZONED[format], tz=tz or machine_zone_name())
    if importer is None:
        raise CrisisDeskError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    target = Path(path)
    if not target.is_file():
        raise InputError(target, None, "no such file")
    try:
        return importer(target)
    except OSError as exc:
        raise InputError(target, None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(target, None, f"cannot decode the text ({exc.reason})") from exc
    except Exception as exc:  # parsers are total per item; this is the net for the whole file
        result = ParseResult()
        result.reject(str(target), describe_error(exc))
        return result


__all__ = ["FORMATS", "ZONED_FORMATS", "IncomingMessage", "ParseResult", "Rejection", "parse_file"]
