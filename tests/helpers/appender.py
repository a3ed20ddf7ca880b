"""A child process that appends decisions and acknowledges each one only after commit.

Usage: python -m tests.helpers.appender URL COUNT TAG
Prints ``READY`` once the database is open, ``ACK <seq>`` after each commit returns
(flushed), ``DONE`` at the end.
"""

from __future__ import annotations

import sys

from crisisdesk.desk import Desk


def main() -> int:
    url, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    desk = Desk.open(url)
    desk.sign_in("admin", "s3cret-pass-phrase")
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    try:
        for i in range(count):
            with desk.transaction(None) as uow:
                seq = uow.decide(
                    "test.appended",
                    subject=f"{tag}:{i}",
                    summary_ar=f"إضافة {i} من {tag}",
                    summary_en=f"append {i} from {tag}",
                    payload={"tag": tag, "i": i},
                )
            sys.stdout.write(f"ACK {seq}\n")
            sys.stdout.flush()
    finally:
        desk.close()
    sys.stdout.write("DONE\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
