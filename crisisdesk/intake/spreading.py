"""A story that spreads becomes more urgent: once a cluster holds as many messages as a
watch-word rule's ``spreading.messages``, its open members tagged by that rule rise to the
rule's ``spreading.priority``, and their response due is recomputed from when each arrived.

Run at ingest, inside the batch's transaction (an arrival is data; the batch's decision
counts the messages raised).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
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


def escalate_spreading(
    connection: Connection,
    tagger: Tagger,
    sizes: Mapping[int, int],
    *,
    before: Mapping[int, int] | None = None,
    joined: Mapping[int, Sequence[int]] | None = None,
    absorbed: Collection[int] = (),
) -> int:
    """Raise the priority of open members of clusters that reached a rule's spread size;
    returns how many messages were raised.

    With ``before`` (each cluster's size before the batch) and ``joined`` (who joined it in
    the batch), a cluster that crossed no rule's size and absorbed no other cluster has only
    its newcomers looked at: its other members were raised when it crossed. Without them,
    every open member of every grown cluster is read (a big story made each batch read it
    whole, so ingest slowed as the incident grew).
    """
    spreading = {rid: r for rid, r in tagger.by_id.items() if r.spreading is not None}
    if not spreading or not sizes:
        return 0
    thresholds = sorted({r.spreading[0] for r in spreading.values() if r.spreading})
    least = thresholds[0]
    grown = [cid for cid, size in sizes.items() if size >= least]
    if not grown:
        return 0
    whole: list[int] = []
    newcomers: list[int] = []
    for cid in grown:
        old = before.get(cid) if before is not None else None
        crossed = old is None or any(old < t <= sizes[cid] for t in thresholds)
        if crossed or cid in absorbed or joined is None:
            whole.append(cid)
        else:
            newcomers.extend(joined.get(cid, ()))
    wanted = (
        Interaction.tag_rule.is_not(None),
        Interaction.needs_answer.is_(True),
        Interaction.status.in_(OPEN_STATUSES),
    )
    columns = (
        Interaction.id,
        Interaction.cluster_id,
        Interaction.tag_rule,
        Interaction.category,
        Interaction.priority,
        Interaction.channel,
        Interaction.received_at,
    )
    raised: list[dict[str, object]] = []
    parts = [Interaction.cluster_id.in_(whole[i : i + 500]) for i in range(0, len(whole), 500)]
    parts += [Interaction.id.in_(newcomers[i : i + 500]) for i in range(0, len(newcomers), 500)]
    for where in parts:
        rows = connection.execute(select(*columns).where(where, *wanted)).all()
        for iid, member_of, tag_rule, category, priority, channel, received in rows:
            rule = spreading.get(str(tag_rule).split(":", 1)[0])
            if rule is None or member_of is None or member_of not in sizes:
                continue
            if category != rule.category:
                continue
            target = spread_priority(rule, sizes[member_of])
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
