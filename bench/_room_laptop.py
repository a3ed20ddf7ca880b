"""Laptop A of ``room_latency.py``: triages one message per ``GO ID PRIORITY`` line on stdin
and prints ``DONE <unix time after commit>``."""

from __future__ import annotations

import sys
import time

from crisisdesk.desk import Desk


def main() -> int:
    desk = Desk.open(sys.argv[1])
    desk.sign_in(sys.argv[2], sys.argv[3])
    print("READY", flush=True)
    for line in sys.stdin:
        _go, ident, priority = line.split()
        desk.inbox.triage.apply(int(ident), priority=priority)
        print(f"DONE {time.time():.6f}", flush=True)
    desk.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
