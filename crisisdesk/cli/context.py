"""What every command handler gets: the parsed options, a lazily opened `Desk`, output helpers."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import TYPE_CHECKING, Any

from crisisdesk.errors import AuthError

if TYPE_CHECKING:
    from datetime import datetime

    from crisisdesk.desk import Desk
    from crisisdesk.room_zone import RoomZone


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    """Give a list/show command the ``--json`` switch (stable keys, for scripts)."""
    parser.add_argument("--json", action="store_true", help="print JSON with stable keys")


def _warn(message: str) -> None:
    """A notice from the core (secrets kept unencrypted ...), one line on standard error."""
    print(f"crisisdesk: warning: {message}", file=sys.stderr, flush=True)


class CliContext:
    """Holds the parsed options and the open desk for one command run."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._desk: Desk | None = None
        self._zone: RoomZone | None = None

    @property
    def want_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def db_url(self) -> str | None:
        """``--db`` or ``CRISISDESK_DB``; a plain file path is a SQLite file."""
        from crisisdesk.storage.location import as_db_url

        value = getattr(self.args, "db", None) or os.environ.get("CRISISDESK_DB") or None
        return as_db_url(value) if value else None

    def desk(self, *, sign_in: bool = True, create: bool = False) -> Desk:
        """Open the database (upgrading it if needed) and sign in the ``--as`` user."""
        if self._desk is None:
            from crisisdesk.desk import Desk

            self._desk = Desk.open(self.db_url, create=create, on_notice=_warn)
            self._desk.db.on_wait = _notice
            user = getattr(self.args, "as_user", None) or os.environ.get("CRISISDESK_USER")
            if sign_in:
                if not user:
                    raise AuthError("this command needs a signed-in user: pass --as USER")
                self._desk.sign_in(user, self.password_for(user))
        return self._desk

    def zone(self) -> RoomZone:
        """The room's time zone, in which every time is printed and typed (JSON stays UTC)."""
        if self._zone is None:
            from crisisdesk.room_zone import load

            self._zone = load(self.desk(sign_in=False))
        return self._zone

    def local(self, when: datetime | None, *, named: bool | None = None) -> str:
        """``when`` in the room's zone; the zone is named when it is not this computer's
        (``named=False`` in a list, which says it once in :meth:`heading`)."""
        return self.zone().format(when, named=named) if when is not None else "-"

    def heading(self, lines: list[str]) -> list[str]:
        """A list's lines, after one line naming the room's zone when it is not this
        computer's (times in the lines are then printed without it)."""
        if not lines or self.want_json:
            return lines
        top = self.zone().heading(self.desk(sign_in=False).clock.now())
        return [top, *lines] if top else lines

    def password_for(self, user: str) -> str:
        """The acting user's password: ``CRISISDESK_PASSWORD`` or a prompt."""
        env = os.environ.get("CRISISDESK_PASSWORD")
        if env is not None:
            return env
        if not sys.stdin.isatty():
            raise AuthError(f"no password for {user!r}: set CRISISDESK_PASSWORD")
        return getpass.getpass(f"Password for {user}: ")

    def new_password(self, user: str) -> str:
        """A new password: one line from stdin when it is not a terminal, else prompted twice."""
        if not sys.stdin.isatty():
            line = sys.stdin.readline().rstrip("\r\n")
            if not line:
                raise AuthError(f"no password given for {user!r} on standard input")
            return line
        first = getpass.getpass(f"New password for {user}: ")
        second = getpass.getpass("Repeat it: ")
        if first != second:
            raise AuthError("the two passwords differ")
        if not first:
            raise AuthError("an empty password is not allowed")
        return first

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print ``data`` as JSON when ``--json`` was given, else ``text``."""
        if self.want_json:
            print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
        elif text is not None:
            print(text)

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()
            self._desk = None


def _notice(message: str) -> None:
    """A one-line notice while a write waits (the answer itself stays on standard output)."""
    print(message, file=sys.stderr, flush=True)
