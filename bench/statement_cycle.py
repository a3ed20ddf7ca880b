"""Statements taken from template to publication per second, against the floor of the same
work: the same decisions appended one per transaction plus the one password check (scrypt)
an approval needs.

A cycle is: draft from the flood playbook's holding template (sandboxed render), submit,
approve with the password re-entered, publish to the clipboard channel (no network).
"""

from __future__ import annotations

import time

from _common import arguments, report, workdir

from crisisdesk.desk import Desk
from crisisdesk.users.passwords import check_password, hash_password

PASSWORD = "bench-pass-phrase"


def ours(operator: Desk, spokesperson: Desk, incident: int, count: int) -> tuple[float, float]:
    """Two laptops on one database: the operator drafts, the spokesperson decides."""
    head = operator.log.head().seq
    start = time.perf_counter()
    for _ in range(count):
        sid = operator.statements.draft(incident, "holding").statement.id
        operator.statements.submit(sid)
        spokesperson.statements.approve(sid, PASSWORD)
        operator.statements.publish(sid, "clipboard")
    elapsed = time.perf_counter() - start
    decisions = operator.log.head().seq - head
    return count / elapsed, decisions / count


def floor(desk: Desk, incident: int, count: int, per_cycle: float) -> float:
    stored = hash_password(PASSWORD)
    start = time.perf_counter()
    for n in range(count):
        for step in range(round(per_cycle)):
            with desk.transaction(None) as uow:
                uow.decide(
                    "bench.statement",
                    subject=f"statement:{n}",
                    incident_id=incident,
                    summary_ar="خطوة تجريبية لقياس الأداء",
                    summary_en="benchmark step",
                    payload={"n": n, "step": step},
                )
        check_password(PASSWORD, stored)
    return count / (time.perf_counter() - start)


def setup(url: str) -> tuple[Desk, int]:
    desk = Desk.open(url, create=True)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    for name, role in (("lead", "lead"), ("op", "operator"), ("sp", "spokesperson")):
        desk.users.add(name, PASSWORD, role)
    desk.sign_in("lead", PASSWORD)
    incident = desk.incidents.open("سيول الدمام", 3, playbook_id="flood-urban").id
    return desk, incident


def main() -> None:
    args = arguments(__doc__ or "")
    folder = workdir()
    count = 10 if args.quick else 100
    desk, incident = setup(f"sqlite:///{folder / 'ours.db'}")
    desk.sign_in("op", PASSWORD)
    other = Desk.open(desk.url)
    other.sign_in("sp", PASSWORD)
    base, base_incident = setup(f"sqlite:///{folder / 'floor.db'}")
    try:
        rate, per_cycle = ours(desk, other, incident, count)
        limit = floor(base, base_incident, count, per_cycle)
    finally:
        desk.close()
        other.close()
        base.close()
    report(
        "statement_cycle",
        rate / limit,
        0.5,
        "higher",
        cycles=count,
        decisions_per_cycle=per_cycle,
        cycles_per_second=round(rate, 2),
        floor_cycles_per_second=round(limit, 2),
    )


if __name__ == "__main__":
    main()
