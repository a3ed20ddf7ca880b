"""Files that hold the room's records are created readable by their owner only (0600).

SQLite gives its ``-wal`` and ``-shm`` files the database file's permissions, so making the
database file first, owner-only and empty (a valid empty database), covers them too.
A file made before this rule (0644) is tightened when it is opened, companions included.
On Windows the mode bits are ignored; the user's profile folder is already private.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and owner-only; False if it already existed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)  # whatever the umask
    return True


def tighten_private_file(path: Path) -> None:
    """Make an existing database file and its ``-wal``/``-shm`` companions owner-only.

    Best effort: a file owned by someone else (or a file system without mode bits) is
    left as it is and still opened; the room must not stop over a permission it cannot set.
    """
    if os.name == "nt":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            if candidate.stat().st_mode & 0o077:
                os.chmod(candidate, 0o600)
