"""Where the default database lives: the user data folder, or beside the program (portable).

On Windows the user data folder is ``%LOCALAPPDATA%\\CrisisDesk`` (never the roaming profile,
which is copied at logon and logoff and would tear a live SQLite file). With a ``portable``
marker beside the executable the database, settings and exports all live in ``data``
beside it, so a USB stick carries the whole crisis room from one laptop to the next.
"""

from __future__ import annotations

import ntpath
import os
import sys
from pathlib import Path

from crisisdesk.errors import StorageError

APP_NAME = "CrisisDesk"
PORTABLE_MARKER = "portable"
# Windows refuses a path of 260 characters or more (MAX_PATH), 248 for a folder to create.
WINDOWS_MAX_PATH = 260
WINDOWS_MAX_DIR = 248


def program_dir() -> Path:
    """The folder of the running program (the frozen executable, or the package's parent)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent.parent


def is_portable() -> bool:
    """A ``portable`` marker beside the executable keeps all data beside it (USB sticks)."""
    return (program_dir() / PORTABLE_MARKER).exists()


def data_dir_path() -> Path:
    """Where `data_dir` is, without creating it."""
    override = os.environ.get("CRISISDESK_DATA_DIR")
    if override:
        return Path(override)
    if is_portable():
        return program_dir() / "data"
    import platformdirs  # only when no folder was given: keeps the app's start light

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def data_dir() -> Path:
    """The folder for databases, settings and exports; created on demand."""
    path = data_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def exports_dir() -> Path:
    """The default folder for incident exports (beside the data, so portable mode keeps it)."""
    path = data_dir() / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path | None:
    """The INI file for the desktop settings in portable mode; None: the OS default place.

    Installed, settings go where Qt puts them (the registry on Windows); portable, they
    travel on the stick with the database instead of staying behind on each laptop.
    """
    if not is_portable():
        return None
    return data_dir() / "settings.ini"


def default_db_path() -> Path:
    return data_dir() / "crisisdesk.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"


def utf16_length(text: str) -> int:
    """Length as Windows counts it (UTF-16 units: an emoji in a file name counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def extended_path(path: str | os.PathLike[str], *, windows: bool | None = None) -> str:
    """``path`` as a string ``open()`` accepts even past Windows' 260-character MAX_PATH.

    An export names files after incidents and times, and an operator's profile folder can
    already be long (``C:\\Users\\<Arabic name>\\OneDrive - <municipality>\\...``). Unless
    long paths are enabled machine-wide, Windows refuses any path of MAX_PATH or more
    (248 for a folder); the ``\\\\?\\`` prefix lifts that limit for absolute paths. Elsewhere,
    and for short paths, the path is returned unchanged.
    """
    text = os.fspath(path)
    if not (sys.platform == "win32" if windows is None else windows):
        return text
    if text.startswith("\\\\?\\") or utf16_length(text) < WINDOWS_MAX_DIR:
        return text
    text = ntpath.normpath(text)  # the prefix turns off Windows' own "." and ".." handling
    if text.startswith("\\\\"):  # \\server\share\... -> \\?\UNC\server\share\...
        return "\\\\?\\UNC\\" + text[2:]
    if len(text) >= 3 and text[1] == ":" and text[2] == "\\":
        return "\\\\?\\" + text
    return text  # a relative path cannot take the prefix; the caller resolves it first


def remove_sqlite_files(path: Path) -> None:
    """Delete a SQLite database with its ``-wal`` and ``-shm`` companions.

    Windows will not delete a file another program holds open (another CrisisDesk on the
    same stick, an antivirus scan, a backup tool): that is a one-line error naming the file,
    and the database itself is removed last so a refusal never leaves a torn pair behind.
    """
    for target in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), path):
        try:
            target.unlink(missing_ok=True)
        except PermissionError as exc:
            raise StorageError(
                f"{target}: cannot delete, another program has it open "
                "(close CrisisDesk on this database and try again)"
            ) from exc


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def as_db_url(value: str) -> str:
    """A ``--db`` value as a URL: a plain file path (``/path/demo.db``, ``demo.db``) is a
    SQLite file, as ``sqlite:///`` would name it."""
    if "://" in value:
        return value
    return sqlite_url(Path(value).expanduser().absolute())


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (``None``: not a SQLite file)."""
    if not url.startswith("sqlite:///") or url == "sqlite:///" or ":memory:" in url:
        return None
    return Path(url.removeprefix("sqlite:///").split("?", 1)[0])


def default_db_url() -> str:
    return sqlite_url(default_db_path())
