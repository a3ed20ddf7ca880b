"""The command line: parses arguments, calls the core through `Desk`, prints results.

Each command family lives in its own module with a ``register(subparsers)`` function;
a handler takes ``(ctx, args)`` and returns the exit code. Errors from the core are
``CrisisDeskError`` and become one line on standard error with their exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from crisisdesk import __version__
from crisisdesk.cli import context as _context
from crisisdesk.cli import pipe
from crisisdesk.errors import CrisisDeskError

# Which module registers which top-level commands, in the order ``--help`` lists them.
# A run imports and builds only its command's module: ``crisisdesk gui`` does not pay
# for fifty sub-parsers (tests check this table against what each module registers).
COMMAND_TABLE: dict[str, tuple[str, ...]] = {
    "users": ("init", "users"),
    "incidents": ("incident",),
    "tasks": ("tasks",),
    "log": ("log",),
    "demo": ("demo",),
    "playbooks": ("playbooks",),
    "gui": ("gui", "screenshot"),
    "selftest": ("selftest",),
    "statements": ("statement",),
    "intake": ("ingest", "inbox"),
    "webhook": ("webhook", "poll", "connector"),
    "quarantine": ("quarantine",),
    "secrets": ("secrets",),
    "review": ("kpis", "export", "verify"),
    "settings": ("settings",),
    "network": ("units", "network", "board"),
    "exercises": ("exercise",),
}
COMMAND_MODULE = {
    command: module for module, commands in COMMAND_TABLE.items() for command in commands
}


def command_module(name: str) -> ModuleType:
    """The CLI module ``name`` of ``COMMAND_TABLE`` (imported now)."""
    return importlib.import_module(f"crisisdesk.cli.{name}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (``command``) one holding only that command's module."""
    parser = argparse.ArgumentParser(
        prog="crisisdesk",
        description="CrisisDesk: the crisis media centre's desk.",
    )
    parser.add_argument("--version", action="version", version=f"crisisdesk {__version__}")
    parser.add_argument(
        "--db",
        help="database URL (default: a SQLite file in the user data folder; also CRISISDESK_DB)",
    )
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        help="act as USER (password from CRISISDESK_PASSWORD or a prompt)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [COMMAND_MODULE[command]] if command in COMMAND_MODULE else list(COMMAND_TABLE)
    for name in names:
        command_module(name).register(sub)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, if it is a known one: its command word (after the global
    options), or ``gui`` when there is none (``crisisdesk`` alone opens the app). None
    when the whole parser is needed: help, version, an unknown word, bad options."""
    pre = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    pre.add_argument("--db")
    pre.add_argument("--as", dest="as_user")
    pre.add_argument("command", nargs="?")
    pre.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        known, _unknown = pre.parse_known_args(list(argv))
    except argparse.ArgumentError:
        return None  # the full parser will say what is wrong
    command = known.command
    if command is None:  # any leftover option (help, version, a typo) needs the whole parser
        return None if _unknown else "gui"
    return command if command in COMMAND_MODULE else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crisisdesk`` console script."""
    guard = pipe.install()
    try:
        code = run(sys.argv[1:] if argv is None else list(argv), guard)
        sys.stdout.flush()  # a reader that left is noticed here, not in the flush at exit
    finally:
        pipe.uninstall(guard)
    return pipe.BROKEN_PIPE_STATUS if guard.reader_left else code


def run(words: list[str], guard: pipe.StdoutGuard) -> int:
    """Parse ``words`` and run the command's handler; the exit code."""
    parser = build_parser(command_of(words))
    args = parser.parse_args(words)
    handler = getattr(args, "handler", None)
    if handler is None:
        # No command: launch the desktop app, as DESIGN.md promises (`crisisdesk` = `gui`).
        args = parser.parse_args([*words, "gui"])
        handler = args.handler
    ctx = _context.CliContext(args)
    try:
        code: int = handler(ctx, args)
        return code
    except CrisisDeskError as exc:
        print(f"crisisdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        if not guard.reader_left:  # a watch loop stopped because its reader left is no news
            print("crisisdesk: interrupted", file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
