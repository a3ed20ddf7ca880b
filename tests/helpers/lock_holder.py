"""A laptop that takes the writer lock and then stops in the middle of its transaction.

Usage: python -m tests.helpers.lock_holder URL USER
Prints ``LOCKED`` once its decision is appended (the writer lock held, nothing committed), then
waits for a line on standard input before committing, and prints ``SAVED`` or the one-line
error its user would see.
"""

from __future__ import annotations

import sys

from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError
from tests.helpers.databases import PASSWORD


def main() -> int:
    url, user = sys.argv[1], sys.argv[2]
    desk = Desk.open(url)
    desk.sign_in(user, PASSWORD)
    try:
        with desk.transaction(None) as uow:
            uow.decide(
                "test.stalled",
                subject="test:stall",
                summary_ar="قرار لم يكتمل",
                summary_en="a decision made just before the lid closed",
            )
            sys.stdout.write("LOCKED\n")
            sys.stdout.flush()
            sys.stdin.readline()
        sys.stdout.write("SAVED\n")
    except CrisisDeskError as exc:
        sys.stdout.write(f"ERROR {exc}\n")
    sys.stdout.flush()
    # The next action of this laptop works again on a fresh connection.
    with desk.transaction(None) as uow:
        seq = uow.decide(
            "test.after_stall",
            subject="test:stall",
            summary_ar="بعد العودة",
            summary_en="the first decision after waking up",
        )
    sys.stdout.write(f"NEXT {seq}\n")
    sys.stdout.flush()
    desk.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
