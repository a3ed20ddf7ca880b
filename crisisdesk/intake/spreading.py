"""A story that spreads becomes more urgent: once a cluster holds as many messages as a
watch-word rule's ``spreading.messages``, its open members tagged by that rule rise to the
rule's ``spreading.priority``, and their response due is recomputed from when each arrived.

Run at ingest, inside the batch's transaction (an arrival is data; the batch's decision
counts the messages raised).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from crisisdesk.clock import parse_utc, utc_iso
from crisisdesk.intake.rows import OPEN_STATUSES
from crisisdesk.intake.watch_rules import PRIORITY_RANK, spread_priority
from crisisdesk.storage.models import Interaction

if TYPE_CHECKING:
    from crisisdesk.intake.tagging import Tagger


def escalate_spreading(connection: Connection, tagger: Tagger, sizes: Mapping[int, int]) -> int:
    """Raise the priority of open members of clusters that reached a rule's spread size;
    returns how many messages were raised."""
    spreading = {rid: r for rid, r in tagger.by_id.items() if r.spreading is not None}
    if not spreading or not sizes:
        return 0
    least = min(r.spreading[0] for r in spreading.values() if r.spreading)
    grown = [cid for cid, size in sizes.items() if size >= least]
    if not grown:
        return 0
    raised: list[dict[str, object]] = []
    for start in range(0, len(grown), 500):
        part = grown[start : start + 500]
        rows = connection.execute(
            select(
                Interaction.id,
                Interaction.cluster_id,
                Interaction.tag_rule,
                Interaction.category,
                Interaction.priority,
                Interaction.channel,
                Interaction.received_at,
            ).where(
                Interaction.cluster_id.in_(part),
                Interaction.tag_rule.is_not(None),
                Interaction.needs_answer.is_(True),
                Interaction.status.in_(OPEN_STATUSES),
            )
        ).all()
        for iid, cid, tag_rule, category, priority, channel, received in rows:
            rule = spreading.get(str(tag_rule).split(":", 1)[0])
            if rule is None or cid is None or category != rule.category:
                continue
            target = spread_priority(rule, sizes[cid])
            if PRIORITY_RANK.get(target, 1) <= PRIORITY_RANK.get(priority or "normal", 1):
                continue
            due, why = tagger.due_and_rule(_when(received), category, target, channel)
            raised.append(
                {"iid": iid, "p": target, "due": utc_iso(due), "why": f"{why} (spreading)"}
            )
    if raised:
        connection.execute(
            update(Interaction)
            .where(Interaction.id == bindparam("iid"))
            .values(
                priority=bindparam("p"), response_due=bindparam("due"), due_rule=bindparam("why")
            ),
            raised,
        )
    return len(raised)


def _when(text: str) -> datetime:
    return parse_utc(text)


__all__ = ["escalate_spreading"]
