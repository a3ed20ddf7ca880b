"""``crisisdesk selftest [--out DIR]``: prove this installed copy carries everything it needs.

One line per check; exit 0 when all pass, 1 otherwise. The build script runs it on the
frozen app, and support can ask an operator to run it on a laptop that misbehaves.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crisisdesk.cli.context import CliContext, add_json_flag


def register(sub: Any) -> None:
    test = sub.add_parser(
        "selftest",
        help="check this installation (database, playbooks, templates, decision log, screenshot)",
    )
    test.add_argument(
        "--out",
        type=Path,
        help="folder for the throw-away database and the screenshots "
        "(default: 'selftest' in the data folder)",
    )
    test.add_argument(
        "--no-gui",
        action="store_true",
        help="skip the checks that need Qt (settings file, screenshot)",
    )
    add_json_flag(test)
    test.set_defaults(handler=run_selftest_command)


def run_selftest_command(ctx: CliContext, args: argparse.Namespace) -> int:
    from crisisdesk.selftest import CheckResult, run_selftest
    from crisisdesk.storage import location

    out: Path = args.out or location.data_dir() / "selftest"

    def report(result: CheckResult) -> None:
        if not ctx.want_json:
            print(result.line(), flush=True)

    results = run_selftest(out, gui=not args.no_gui, report=report)
    passed = all(r.ok for r in results)
    ctx.emit(
        {
            "ok": passed,
            "out": str(out),
            "checks": [
                {"name": r.name, "ok": r.ok, "detail": r.detail, "seconds": round(r.seconds, 3)}
                for r in results
            ],
        },
        f"selftest {'passed' if passed else 'FAILED'}: "
        f"{sum(r.ok for r in results)}/{len(results)} checks, output in {out}",
    )
    return 0 if passed else 1
