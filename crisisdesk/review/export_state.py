"""What an export folder says about an export that has not finished.

While an export runs its folder holds ``.crisisdesk-export`` (JSON: incident, options and,
once the export decision is signed, its seq). The marker goes only after the manifest is
in place, so a folder with the marker is an **incomplete export**, never a finished bundle:
the verifier says so instead of "manifest.json is missing", and ``export --resume DIR`` (or
the same export again into the same folder) finishes it against the already-signed decision,
or starts it afresh when nothing was signed yet.

A full disk is one line naming the folder and the space the bundle needs.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

from crisisdesk.errors import CrisisDeskError

MARKER = ".crisisdesk-export"
FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def read_marker(folder: Path) -> dict[str, Any] | None:
    """The marker of an unfinished export in ``folder`` (``{}`` when it is unreadable)."""
    path = folder / MARKER
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_marker(folder: Path, state: dict[str, Any]) -> None:
    """Replace the marker in one step (a kill leaves the old or the new one, never half)."""
    tmp = folder / (MARKER + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(state, sort_keys=True))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, folder / MARKER)


def clear_marker(folder: Path) -> None:
    for name in (MARKER, MARKER + ".tmp"):
        (folder / name).unlink(missing_ok=True)


def incomplete_reason(marker: dict[str, Any]) -> str:
    """The one line the verifier prints for a folder with the marker."""
    seq = marker.get("seq")
    signed = (
        f"its export decision (seq {seq}) is signed"
        if isinstance(seq, int)
        else "nothing was signed yet"
    )
    return f"incomplete export ({signed}; finish it with: crisisdesk export --resume FOLDER)"


def disk_full(folder: Path, needed: int, exc: OSError | None = None) -> CrisisDeskError:
    """One line: where, how much the bundle needs and how much is free."""
    try:
        free = shutil.disk_usage(folder if folder.exists() else folder.parent).free
    except OSError:
        free = 0
    return CrisisDeskError(
        f"the disk holding {folder} is full: the bundle needs about {_mb(needed)} "
        f"and {_mb(free)} is free; free some space or choose another folder"
    )


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL


def database_full(exc: BaseException) -> bool:
    """SQLite's words for a full disk ("database or disk is full", and on a disk with no
    byte left, "disk I/O error")."""
    text = str(exc).lower()
    return "disk is full" in text or "database or disk is full" in text or "disk i/o error" in text


def _mb(size: int) -> str:
    return f"{max(size, 0) / 2**20:.1f} MB"
