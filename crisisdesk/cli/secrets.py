"""``crisisdesk secrets set NAME | secrets delete NAME | secrets list``: the OS keyring.

The value is read from standard input when it is not a terminal (one line), else prompted
without echo; it is never printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from crisisdesk.cli.context import CliContext
from crisisdesk.errors import CrisisDeskError
from crisisdesk.users.permissions import Action

KNOWN = (
    "whatsapp.app_secret",
    "whatsapp.verify_token",
    "whatsapp.token",
    "x.bearer_token",
    "imap.password",
)


def register(sub: Any) -> None:
    secrets = sub.add_parser("secrets", help="store or remove API tokens in the OS keyring")
    ssub = secrets.add_subparsers(dest="secrets_command", metavar="ACTION", required=True)
    st = ssub.add_parser("set", help="store a secret (value from stdin or a prompt)")
    st.add_argument("name", help=f"e.g. {', '.join(KNOWN)}")
    st.set_defaults(handler=run_set)
    dl = ssub.add_parser("delete", help="remove a secret")
    dl.add_argument("name")
    dl.set_defaults(handler=run_delete)


def _read_value(name: str) -> str:
    if not sys.stdin.isatty():
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        value = getpass.getpass(f"Value for {name} (not shown): ")
    if not value:
        raise CrisisDeskError(f"no value given for {name}")
    return value


def run_set(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.secret_decisions import store_secret

    desk = ctx.desk()
    desk.require(Action.SECRETS_SET)  # before asking for the value
    where = store_secret(desk, args.name, _read_value(args.name))
    print(f"stored {args.name} ({where})")
    return 0


def run_delete(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.secret_decisions import remove_secret

    removed = remove_secret(ctx.desk(), args.name)
    print(f"removed {args.name}" if removed else f"{args.name} was not stored")
    return 0
