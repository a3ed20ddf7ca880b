"""A laptop that keeps deciding through a server failover.

Usage: python -m tests.helpers.failover_writer URL SECONDS TAG
Prints ``ACK <seq> <hash> <unix time>`` after each commit returns, ``ERR <unix time> <line>``
for each write refused or lost (then tries again), ``DONE`` at the end.
"""

from __future__ import annotations

import sys
import time

from crisisdesk.desk import Desk
from crisisdesk.errors import CrisisDeskError
from tests.helpers.databases import PASSWORD


def main() -> int:
    url, seconds, tag = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    desk = Desk.open(url)
    desk.sign_in("admin", PASSWORD)
    print("READY", flush=True)
    end = time.time() + seconds
    i = 0
    while time.time() < end:
        try:
            with desk.transaction(None) as uow:
                uow.decide(
                    "test.failover",
                    subject=f"{tag}:{i}",
                    summary_ar=f"قرار {i} من {tag}",
                    summary_en=f"decision {i} from {tag}",
                    payload={"tag": tag, "i": i},
                )
            assert uow.last_hash is not None
            # the transaction's last entry (a periodic checkpoint may add one after ours)
            print(f"ACK {uow.seqs[-1]} {uow.last_hash} {time.time():.3f}", flush=True)
            i += 1
        except CrisisDeskError as exc:
            print(f"ERR {time.time():.3f} {str(exc).splitlines()[0]}", flush=True)
            time.sleep(0.2)
        time.sleep(0.02)
    desk.close()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
