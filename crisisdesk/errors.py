"""The exceptions the core raises; each carries a one-line message fit for a user."""

from __future__ import annotations

from pathlib import Path


class CrisisDeskError(Exception):
    """Base of every error the core reports to a user. ``str(e)`` is one line."""

    exit_code = 1


class NotFoundError(CrisisDeskError):
    """An id or name that does not exist."""


class RefusedError(CrisisDeskError):
    """A signed-in user tried something their role or the rules do not allow."""


class AuthError(CrisisDeskError):
    """Unknown user or wrong password."""


class ConflictError(CrisisDeskError):
    """The action does not fit the current state (closed incident, duplicate name ...)."""


class StaleError(ConflictError):
    """A change based on a version another user has since changed: refused, never applied
    over theirs. ``str(e)`` says who changed it, when, and what it is now."""

    def __init__(self, message: str, *, by: str | None, at: str | None, current: int) -> None:
        super().__init__(message)
        self.by = by
        self.at = at
        self.current = current  # the version to send to apply the change anyway


class StorageError(CrisisDeskError):
    """The database cannot be reached, is not ours, or is from a newer schema."""


class TamperedError(CrisisDeskError):
    """Verification found the log or a bundle altered."""

    exit_code = 3


class InputError(CrisisDeskError):
    """A file given to us is malformed; names the file, line and column."""

    def __init__(self, path: str | Path, line: int | None, message: str, column: int | None = None):
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")
