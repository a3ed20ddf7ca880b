"""``crisisdesk playbooks list|show ID|validate PATH...``: the playbook library from the shell.

Playbook commands need no database and no sign-in: they read YAML files only.
"""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag


def register(sub: Any) -> None:
    """Add the ``playbooks`` command family to the top-level subparsers."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "playbooks", help="list, show and validate scenario playbooks"
    )
    psub = parser.add_subparsers(dest="playbooks_command", metavar="ACTION", required=True)

    p_list = psub.add_parser("list", help="list the bundled playbook library")
    add_json_flag(p_list)
    p_list.set_defaults(handler=cmd_list)

    p_show = psub.add_parser("show", help="show one playbook of the library")
    p_show.add_argument("id", help="playbook id (or a path to a playbook file or folder)")
    p_show.add_argument("--lang", choices=["ar", "en"], default="en", help="text language")
    add_json_flag(p_show)
    p_show.set_defaults(handler=cmd_show)

    p_val = psub.add_parser("validate", help="check playbook files and report every problem")
    p_val.add_argument("paths", nargs="+", metavar="PATH", help="playbook file or folder")
    add_json_flag(p_val)
    p_val.set_defaults(handler=cmd_validate)


def cmd_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import bundled_library

    books = bundled_library()
    data = [
        {"id": b.id, "version": b.version, "hazard": b.hazard, "title": b.title.to_data()}
        for b in books
    ]
    text = "\n".join(f"{b.id}\t{b.version}\t{b.hazard}\t{b.title.en}" for b in books)
    ctx.emit(data, text)
    return 0


def cmd_show(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import find_playbook

    book = find_playbook(args.id)
    ctx.emit(book.to_data(), book.id)
    return 0


def cmd_validate(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.playbooks import validate_paths

    problems = validate_paths(args.paths)
    for p in problems:
        print(p)
    return 1 if problems else 0
