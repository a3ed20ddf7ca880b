"""``crisisdesk settings [--zone NAME]``: the crisis room's own settings (its time zone)."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag


def register(sub: Any) -> None:
    settings = sub.add_parser(
        "settings",
        help="show or change the room's settings (its time zone)",
        description="The room's time zone is shared by every laptop of the room: every time "
        "is printed in it and --at is read in it (JSON keeps UTC). Unset, it is this "
        "computer's zone. Changing it is the lead's or an administrator's decision.",
    )
    settings.add_argument("--zone", metavar="NAME", help="an IANA zone, e.g. Asia/Riyadh")
    add_json_flag(settings)
    settings.set_defaults(handler=run_settings)


def run_settings(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk import room_zone

    if args.zone is not None:
        zone = room_zone.change(ctx.desk(), args.zone)
    else:
        zone = room_zone.load(ctx.desk(sign_in=False))
    now = ctx.desk(sign_in=False).clock.now()
    where = "set for the room" if zone.stored else "not set: this computer's zone"
    lines = [f"time zone: {zone.label(now)} ({where})"]
    if zone.differs(now):
        lines.append(f"this computer: {zone.machine}; times are printed in the room's zone")
    ctx.emit(zone.to_json(now), "\n".join(lines))
    return 0
