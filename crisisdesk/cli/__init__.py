"""The command line: parses arguments, calls the core through `Desk`, prints results.

Each command family lives in its own module with a ``register(subparsers)`` function;
a handler takes ``(ctx, args)`` and returns the exit code. Errors from the core are
``CrisisDeskError`` and become one line on standard error with their exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crisisdesk import __version__
from crisisdesk.cli import context as _context
from crisisdesk.cli import (
    demo,
    gui,
    incidents,
    intake,
    log,
    playbooks,
    review,
    secrets,
    selftest,
    statements,
    tasks,
    users,
    webhook,
)
from crisisdesk.errors import CrisisDeskError

COMMAND_MODULES = [
    users,
    incidents,
    tasks,
    log,
    demo,
    playbooks,
    gui,
    selftest,
    statements,
    intake,
    webhook,
    secrets,
    review,
]


def build_parser() -> argparse.ArgumentParser:
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
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crisisdesk`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        # No command: launch the desktop app, as DESIGN.md promises (`crisisdesk` = `gui`).
        args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "gui"])
        handler = args.handler
    ctx = _context.CliContext(args)
    try:
        code: int = handler(ctx, args)
        return code
    except CrisisDeskError as exc:
        print(f"crisisdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("crisisdesk: interrupted", file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
