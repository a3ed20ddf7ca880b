"""Where the default database lives: the user data folder, or beside the program (portable)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "CrisisDesk"
PORTABLE_MARKER = "portable"


def program_dir() -> Path:
    """The folder of the running program (the frozen executable, or the package's parent)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent.parent


def is_portable() -> bool:
    """A ``portable`` marker beside the executable keeps all data beside it (USB sticks)."""
    return (program_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    """The folder for databases, settings and exports; created on demand."""
    override = os.environ.get("CRISISDESK_DATA_DIR")
    if override:
        path = Path(override)
    elif is_portable():
        path = program_dir() / "data"
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "crisisdesk.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def default_db_url() -> str:
    return sqlite_url(default_db_path())
