"""One simulated laptop of the soak (`tests/soak.py`): a realistic mix through the real Desk.

Usage: python -m tests.helpers.soak_laptop URL SECONDS NAME USER SEED
Prints one JSON object a line: {"op", "t0", "t1", "outcome", ...}. ``outcome`` is ``ok`` (the
commit returned: ``seq``/``hash`` are this laptop's newest committed entry), ``conflict``
(refused because another laptop changed it first; ``message``), ``refused`` (the rules said
no) or ``error`` (not saved; ``message``).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from crisisdesk.desk import Desk
from crisisdesk.errors import ConflictError, CrisisDeskError, RefusedError, StaleError
from tests.helpers.databases import PASSWORD
from tests.helpers.room import write_whatsapp


def emit(**record: Any) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


class Laptop:
    def __init__(self, desk: Desk, name: str, rng: random.Random, folder: Path) -> None:
        self.desk = desk
        self.name = name
        self.rng = rng
        self.folder = folder
        self.bursts = 0
        self.incident = 1

    def ingest(self) -> dict[str, Any]:
        self.bursts += 1
        count = self.rng.randint(20, 80)
        start = self.rng.randint(0, 400)  # overlapping ranges: duplicates of others' bursts
        path = write_whatsapp(
            self.folder / f"{self.name}-{self.bursts}.jsonl", count, start=start, tag="soak"
        )
        report = self.desk.inbox.ingest_files(self.incident, "whatsapp", [path])[0]
        return {"new": report.counts()["new"], "ids": [start, start + count]}

    def triage(self) -> dict[str, Any]:
        with self.desk.db.read() as session:
            from sqlalchemy import func, select

            from crisisdesk.storage.models import Interaction

            top = session.scalar(select(func.max(Interaction.id))) or 0
        if not top:
            return {"skipped": True}
        ident = self.rng.randint(1, top)
        row = self.desk.inbox.rows([ident])
        if not row:
            return {"skipped": True}
        seen = row[0].version
        time.sleep(self.rng.uniform(0, 0.3))  # the operator reads it
        change = self.rng.choice(
            [
                {"priority": self.rng.choice(["low", "normal", "high", "urgent"])},
                {"category": self.rng.choice(["complaint", "question", "rumour", "observation"])},
                {"status": self.rng.choice(["in_progress", "answered", "escalated"])},
            ]
        )
        seq = self.desk.inbox.triage.apply(ident, seen=seen, **change)
        return {"interaction": ident, "seen": seen, "decision": seq}

    def task(self) -> dict[str, Any]:
        open_tasks = [t for t in self.desk.tasks.list(self.incident) if t.done_at is None]
        if not open_tasks:
            return {"skipped": True}
        task = self.rng.choice(open_tasks[:10])
        self.desk.tasks.done(task.id, note=f"soak {self.name}")
        return {"task": task.id}

    def statement(self) -> dict[str, Any]:
        role = self.desk.user.role if self.desk.user else ""
        if role == "spokesperson":
            queue = self.desk.statements.review_queue(self.incident)
            if not queue:
                return {"skipped": True}
            self.desk.statements.approve(queue[0].id, PASSWORD)
            return {"approved": queue[0].id}
        detail = self.desk.statements.draft(
            self.incident,
            None,
            kind="update",
            texts={"ar": f"تحديث من {self.name}", "en": f"update from {self.name}"},
        )
        statement_id = detail.statement.id
        self.desk.statements.submit(statement_id)
        return {"drafted": statement_id}

    def read(self) -> dict[str, Any]:
        head = self.desk.log.head()
        return {"head": head.seq}


def _open(url: str, user: str) -> Desk:
    """Open and sign in, trying again for a while (the server may be restarting)."""
    deadline = time.time() + 60
    while True:
        try:
            desk = Desk.open(url)
            desk.sign_in(user, PASSWORD)
            return desk
        except CrisisDeskError as exc:
            if time.time() > deadline:
                raise
            emit(op="open", t0=time.time(), t1=time.time(), outcome="error", message=str(exc))
            time.sleep(1)


def main() -> int:
    url, seconds, name, user, seed = sys.argv[1:6]
    folder = Path(sys.argv[6]) if len(sys.argv) > 6 else Path(".")
    desk = _open(url, user)
    laptop = Laptop(desk, name, random.Random(int(seed)), folder)
    emit(op="ready", t0=time.time(), t1=time.time(), outcome="ok")
    ops = [
        (laptop.ingest, 0.12),
        (laptop.triage, 0.5),
        (laptop.task, 0.1),
        (laptop.statement, 0.08),
        (laptop.read, 0.2),
    ]
    end = time.time() + float(seconds)
    while time.time() < end:
        fn = laptop.rng.choices([o[0] for o in ops], [o[1] for o in ops])[0]
        before = desk.db.known_head
        t0 = time.time()
        record: dict[str, Any] = {"op": fn.__name__}
        try:
            record.update(fn())
            record["outcome"] = "ok"
            after = desk.db.known_head
            if after is not None and after != before:
                record["seq"], record["hash"] = after
        except StaleError as exc:
            record.update(outcome="conflict", message=str(exc))
        except RefusedError as exc:
            record.update(outcome="refused", message=str(exc))
        except ConflictError as exc:
            record.update(outcome="conflict", message=str(exc))
        except CrisisDeskError as exc:
            record.update(outcome="error", message=str(exc).splitlines()[0][:300])
        except Exception as exc:  # a defect: reported by the soak, the laptop carries on
            import traceback

            record.update(outcome="bug", message=traceback.format_exc()[-1500:])
            del exc
        record.update(t0=t0, t1=time.time())
        emit(**record)
        time.sleep(laptop.rng.uniform(0.05, 0.3))
    desk.close()
    emit(op="done", t0=time.time(), t1=time.time(), outcome="ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
