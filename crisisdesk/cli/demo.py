"""``crisisdesk demo [--no-gui] [--reset]``: a realistic demo crisis in its own database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crisisdesk.cli.context import CliContext
from crisisdesk.errors import CrisisDeskError


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="build (if needed) and open the demo crisis")
    demo.add_argument("--no-gui", action="store_true", help="print the demo's summary instead")
    demo.add_argument("--reset", action="store_true", help="rebuild the demo database")
    demo.add_argument("--lang", choices=["ar", "en"], help="interface language")
    demo.set_defaults(handler=run_demo)


def demo_path(ctx: CliContext) -> Path | None:
    """Where ``--db`` asks the demo to be built (``None``: its usual file)."""
    from crisisdesk.storage.location import sqlite_file

    url = ctx.db_url
    if url is None:
        return None
    path = sqlite_file(url)
    if path is None:
        raise CrisisDeskError(
            "the demo is built in a SQLite file of its own: give --db a file path, "
            "not a server's URL"
        )
    return path


def run_demo(ctx: CliContext, args: argparse.Namespace) -> int:
    path = demo_path(ctx)
    if not args.no_gui:
        # The window appears first; the demo is built (or reused) behind its start page.
        from crisisdesk.ui.app import run_gui

        return run_gui(lang=args.lang, demo=True, reset=args.reset, demo_path=path)
    from crisisdesk.demo.crisis import DEMO_PASSWORD, DEMO_USERS, build_demo
    from crisisdesk.desk import Desk

    url = build_demo(path, reset=args.reset)
    desk = Desk.open(url)
    try:
        incidents = desk.incidents.list()
        head = desk.log.head()
        print(f"demo database: {desk.location_label}")
        print(f"users (password '{DEMO_PASSWORD}'): " + ", ".join(u[0] for u in DEMO_USERS))
        for info in incidents:
            drill = " [DRILL]" if info.drill else ""
            print(
                f"incident #{info.id}: {info.title}{drill} — severity {info.severity}, "
                f"{info.status}, playbook {info.playbook_id or '-'}"
            )
        print(f"decision log: {head.seq} entries, head {head.fingerprint}")
    finally:
        desk.close()
    return 0
