"""``crisisdesk gui`` and ``crisisdesk screenshot``: the desktop app and its offscreen views.

Qt is imported inside the handlers only, so every other command starts without it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from crisisdesk.cli.context import CliContext

VIEWS = [
    "start",
    "picker",
    "overview",
    "dashboard",
    "inbox",
    "checklist",
    "rumours",
    "network",
    "board",
    "briefings",
    "quarantine",
    "briefings",
    "statements",
    "approvals",
    "playbooks",
    "log",
    "users",
    "units",
    "settings",
    "exercise",
]


def register(sub: Any) -> None:
    gui = sub.add_parser("gui", help="open the desktop app")
    gui.add_argument("--lang", choices=["ar", "en"], help="interface language for this run")
    gui.set_defaults(handler=run_gui_command, gui_handler=True)

    shot = sub.add_parser(
        "screenshot",
        help="render one view offscreen to a PNG file",
        description="Render one view offscreen to a PNG file. Without --db it draws the "
        "demo crisis (built on first use), signed in as its lead (admin for users), "
        "and says so on standard error.",
    )
    shot.add_argument(
        "--view",
        required=True,
        help=f"the view's short name: {', '.join(VIEWS)}",
    )
    shot.add_argument("--out", required=True, type=Path, help="the PNG file to write")
    shot.add_argument("--lang", choices=["ar", "en"], default="ar", help="interface language")
    shot.add_argument("--theme", choices=["light", "dark"], default="light")
    shot.add_argument(
        "--size", default="1280x800", help="window size WIDTHxHEIGHT (default 1280x800)"
    )
    shot.add_argument(
        "--incident", type=int, help="incident id (default: the most severe active one)"
    )
    shot.set_defaults(handler=run_screenshot)


def run_gui_command(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.ui.app import run_gui

    return run_gui(ctx.db_url, lang=args.lang)


def run_screenshot(ctx: CliContext, args: argparse.Namespace) -> int:
    """Render on ``--db`` (signed in with ``--as`` if given), else on the demo database."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from crisisdesk.desk import Desk
    from crisisdesk.ui.screenshot import render
    from crisisdesk.ui.theme import application

    url = ctx.db_url
    demo = url is None
    if demo:
        import sys

        from crisisdesk.demo.crisis import build_demo

        url = build_demo()
        print(
            "screenshot: no --db given, drawing the demo crisis (pass --db to draw yours)",
            file=sys.stderr,
        )
    app = application()
    desk = Desk.open(url)
    try:
        user = getattr(args, "as_user", None) or os.environ.get("CRISISDESK_USER")
        if user:
            desk.sign_in(user, ctx.password_for(user))
        elif demo:
            from crisisdesk.demo.crisis import DEMO_PASSWORD

            desk.sign_in("admin" if args.view == "users" else "lead", DEMO_PASSWORD)
        out = render(
            desk,
            args.view,
            args.out,
            lang=args.lang,
            theme=args.theme,
            incident_id=args.incident,
            size=_size(args.size),
        )
    finally:
        desk.close()
    del app
    print(out)
    return 0


def _size(text: str) -> tuple[int, int]:
    from crisisdesk.errors import CrisisDeskError

    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise CrisisDeskError(f"--size {text!r}: write it as WIDTHxHEIGHT, e.g. 1366x768") from None
    return width, height
