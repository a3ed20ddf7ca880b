"""``crisisdesk init`` and ``crisisdesk users add|list|role|deactivate|reactivate|reset-password|
password``."""

from __future__ import annotations

import argparse
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag
from crisisdesk.users.permissions import roles


def register(sub: Any) -> None:
    init = sub.add_parser("init", help="create the database (if needed) and its first admin")
    init.add_argument("--admin", required=True, metavar="NAME", help="the first admin's name")
    init.add_argument("--display-name", help="the admin's display name")
    init.set_defaults(handler=run_init)

    users = sub.add_parser("users", help="manage users")
    users_sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = users_sub.add_parser("add", help="add a user (password from stdin or a prompt)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=roles())
    add.add_argument("--display-name")
    add.add_argument("--org-unit")
    add.set_defaults(handler=run_add)
    lst = users_sub.add_parser("list", help="list users")
    add_json_flag(lst)
    lst.set_defaults(handler=run_list)
    role = users_sub.add_parser("role", help="change a user's role")
    role.add_argument("name")
    role.add_argument("role", choices=roles())
    role.add_argument("--reason", default="")
    role.set_defaults(handler=run_role)
    for verb, text in (
        ("deactivate", "stop an account (also in open windows)"),
        ("reactivate", "let a deactivated account sign in again"),
    ):
        act = users_sub.add_parser(verb, help=text)
        act.add_argument("name")
        act.add_argument("--reason", default="")
        act.set_defaults(handler=run_active, active=verb == "reactivate")
    reset = users_sub.add_parser(
        "reset-password", help="give a user a new password (admin; from stdin or a prompt)"
    )
    reset.add_argument("name")
    reset.add_argument("--reason", default="")
    reset.set_defaults(handler=run_reset)
    own = users_sub.add_parser(
        "password", help="change your own password (the new one from stdin or a prompt)"
    )
    own.set_defaults(handler=run_password)


def run_init(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk(sign_in=False, create=True)
    if desk.users.count():
        print(f"database at {desk.location_label} already has users; nothing to do")
        return 0
    password = ctx.new_password(args.admin)
    user = desk.users.create_first_admin(args.admin, password, args.display_name)
    from crisisdesk.storage import signing
    from crisisdesk.storage.chain import fingerprint

    public = signing.public_hex(desk.signing_key())
    print(f"created {desk.location_label} with admin {user.name}")
    print(f"log signing key fingerprint: {fingerprint(public)}")
    print(f"public key: {public}")
    return 0


def run_add(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    password = ctx.new_password(args.name)
    user = desk.users.add(args.name, password, args.role, args.display_name, args.org_unit)
    print(f"added {user.name} ({user.role})")
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    users = desk.users.list()
    waits = desk.users.waits()
    lines = [
        f"{u.name:<20} {u.role:<13} {'active' if u.active else 'inactive':<9} {u.display_name}"
        + (f"  (waiting {waits[u.name]} s after wrong passwords)" if u.name in waits else "")
        for u in users
    ]
    data = [{**u.to_json(), "wait_s": waits.get(u.name, 0)} for u in users]
    ctx.emit({"users": data}, "\n".join(lines) or "no users")
    return 0


def run_role(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.desk().users.set_role(args.name, args.role, args.reason)
    print(f"{user.name} is now {user.role}")
    return 0


def run_active(ctx: CliContext, args: argparse.Namespace) -> int:
    user = ctx.desk().users.set_active(args.name, args.active, args.reason)
    print(f"{user.name} is now {'active' if user.active else 'deactivated'}")
    return 0


def run_reset(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    user = desk.users.reset_password(args.name, ctx.new_password(args.name), args.reason)
    print(f"new password set for {user.name}")
    return 0


def run_password(ctx: CliContext, args: argparse.Namespace) -> int:
    desk = ctx.desk()
    assert desk.user is not None
    current = ctx.password_for(desk.user.name)
    desk.users.change_password(current, ctx.new_password(desk.user.name))
    print(f"password changed for {desk.user.name}")
    return 0
