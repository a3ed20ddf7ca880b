"""Grouping new messages with the stories they repeat, at ingest, in near-constant time.

For each new message: its LSH band keys (`crisisdesk.intake.similarity`) and, on channels
whose posts refer to other posts (X), a reference key for the post it retweets or quotes and
one for itself. Each key has one owner row in ``interaction_bands`` (the first message that
had it), so a lookup costs one indexed row per key however large the incident grows. A band
owner is a candidate only if the exact resemblance of the two shingle sets passes
``JOIN_THRESHOLD``; a reference owner is the same story by definition (a retweet of a post,
however the channel cut its text).

When one message matches members of two clusters, the stories have converged and the two
clusters merge: the smaller one's members move to the larger, and it keeps a pointer to
where they went (``merged_into``). Clusters an operator split apart (``split_from``) are
never merged again automatically. Everything is decided in memory and written with a
handful of statements per batch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from crisisdesk.intake.shingles import story_shingles
from crisisdesk.intake.similarity import band_keys_of, same_story
from crisisdesk.storage.models import Cluster, Interaction, InteractionBand

CHUNK = 500
REFERENCE_CHANNELS = frozenset({"x"})
_REFERENCE_FLAGS = ("retweet_of", "quote_of")


@dataclass(frozen=True, slots=True)
class Arrival:
    """A stored message as clustering needs it."""

    id: int
    channel: str
    external_id: str
    text: str
    flags: dict[str, Any]
    received_at: str


@dataclass(slots=True)
class ClusterOutcome:
    """What one batch did to the clusters: members assigned and clusters merged."""

    clustered: int = 0
    merged: list[tuple[int, int]] = field(default_factory=list)  # (from, into)
    sizes: dict[int, int] = field(default_factory=dict)  # clusters that grew: id -> size
    before: dict[int, int] = field(default_factory=dict)  # their sizes before this batch
    members: dict[int, list[int]] = field(default_factory=dict)  # who joined each, this batch
    absorbed: set[int] = field(default_factory=set)  # clusters that took in another's members


@lru_cache(maxsize=8192)
def _story_of(text: str) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """A text's shingles and word shingles, remembered: the owner of a band is read again
    at every batch that touches its story, and forwards repeat a text word for word."""
    every, said = story_shingles(text)
    return frozenset(every), frozenset(said)


@lru_cache(maxsize=8192)
def _bands_of(text: str) -> tuple[str, ...]:
    return tuple(band_keys_of(_story_of(text)[0]))


def clustering_text(text: str, flags: dict[str, Any]) -> str:
    """A retweet is compared by the whole text it repeats, not the channel's cut copy."""
    full = flags.get("retweeted_text")
    if flags.get("retweet_of") and isinstance(full, str) and full.strip():
        return full
    return text


def reference_key(channel: str, external_id: str) -> str:
    """The band key that stands for one post of a channel (fits the 40-character column)."""
    key = f"r:{channel}:{external_id}"
    if len(key) <= 40:
        return key
    return "r:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:38]


def references(channel: str, flags: dict[str, Any]) -> list[str]:
    if channel not in REFERENCE_CHANNELS:
        return []
    out = []
    for name in _REFERENCE_FLAGS:
        value = flags.get(name)
        if isinstance(value, str | int) and str(value):
            out.append(reference_key(channel, str(value)))
    return out


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _flags(value: str | None) -> dict[str, Any]:
    if not value:
        return {}
    try:
        loaded = json.loads(value)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


class _Clusters:
    """Cluster handles of one batch: real ids, and negative placeholders for new ones,
    with a union-find so merges made earlier in the batch are followed."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}
        self.loaded: dict[int, int] = {}  # sizes as stored before this batch
        self.span: dict[int, tuple[str, str]] = {}  # first and last seen
        self.kept_apart: set[frozenset[int]] = set()
        self.next_placeholder = -1

    def find(self, handle: int) -> int:
        root = handle
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(handle, handle) != root:
            self.parent[handle], handle = root, self.parent[handle]
        return root

    def new(self) -> int:
        handle = self.next_placeholder
        self.next_placeholder -= 1
        self.size[handle] = 0
        return handle

    def widen(self, handle: int, first: str, last: str) -> None:
        old = self.span.get(handle)
        self.span[handle] = (min(old[0], first), max(old[1], last)) if old else (first, last)

    def apart(self, a: int, b: int) -> bool:
        return frozenset((a, b)) in self.kept_apart


def cluster_arrivals(
    connection: Connection, incident_id: int, arrivals: Sequence[Arrival], now: str
) -> ClusterOutcome:
    """Assign ``arrivals`` (already stored) to clusters; returns what changed."""
    outcome = ClusterOutcome()
    if not arrivals:
        return outcome
    sets: dict[int, AbstractSet[bytes]] = {}
    words: dict[int, AbstractSet[bytes]] = {}
    bands: dict[int, tuple[str, ...]] = {}
    refs: dict[int, list[str]] = {}
    own: dict[int, list[str]] = {}  # the message's own reference key (channels with refs)
    for item in arrivals:
        text = clustering_text(item.text, item.flags)
        sets[item.id], words[item.id] = _story_of(text)
        bands[item.id] = _bands_of(text)
        refs[item.id] = references(item.channel, item.flags)
        own[item.id] = (
            [reference_key(item.channel, item.external_id)]
            if item.channel in REFERENCE_CHANNELS
            else []
        )
    keys = sorted({k for i in sets for k in (*bands[i], *refs[i], *own[i])})
    if not keys:
        return outcome
    owners: dict[str, int] = {}
    for part in _chunks(keys):
        for band, iid in connection.execute(
            select(InteractionBand.band, InteractionBand.interaction_id)
            .where(InteractionBand.incident_id == incident_id, InteractionBand.band.in_(part))
            .order_by(InteractionBand.id)
        ):
            owners.setdefault(band, iid)
    earlier = sorted(set(owners.values()))
    cluster_of: dict[int, int | None] = {}
    known_sets: dict[int, AbstractSet[bytes]] = dict(sets)
    known_words: dict[int, AbstractSet[bytes]] = dict(words)
    for part in _chunks(earlier):
        for iid, cid, text, flags in connection.execute(
            select(
                Interaction.id, Interaction.cluster_id, Interaction.text, Interaction.flags
            ).where(Interaction.id.in_(part))
        ):
            cluster_of[iid] = cid
            known_sets[iid], known_words[iid] = _story_of(
                clustering_text(text or "", _flags(flags))
            )
    state = _Clusters()
    existing = sorted({c for c in cluster_of.values() if c is not None})
    _load_clusters(connection, existing, state)
    received = {a.id: a.received_at for a in arrivals}
    texts = {a.id: a.text for a in arrivals}
    band_rows: list[dict[str, Any]] = []
    assign: dict[int, int] = {}  # interaction -> handle (root resolved at write time)
    first_member: dict[int, int] = {}
    for item in arrivals:
        iid = item.id
        matched: list[int] = []
        for key in refs[iid] + own[iid]:
            owner = owners.get(key)
            if owner is not None and owner != iid and owner not in matched:
                matched.append(owner)
        for key in bands[iid]:
            owner = owners.get(key)
            if owner is None or owner == iid or owner in matched:
                continue
            if same_story(
                sets[iid],
                words[iid],
                known_sets.get(owner, frozenset()),
                known_words.get(owner, frozenset()),
            ):
                matched.append(owner)
        for key in (*bands[iid], *refs[iid], *own[iid]):
            if key not in owners:
                owners[key] = iid
                band_rows.append({"incident_id": incident_id, "band": key, "interaction_id": iid})
        if not matched:
            cluster_of[iid] = None
            continue
        roots: list[int] = []
        loose: list[int] = []
        for owner in matched:
            cid = cluster_of.get(owner)
            if cid is None:
                loose.append(owner)
            else:
                root = state.find(cid)
                if root not in roots:
                    roots.append(root)
        if roots:
            target = max(roots, key=lambda r: (state.size.get(r, 0), -abs(r)))
        else:
            target = state.new()
            first_member[target] = loose[0]
        for root in roots:
            if root != target and not state.apart(root, target):
                state.parent[root] = target
                state.size[target] = state.size.get(target, 0) + state.size.get(root, 0)
                if root in state.span:
                    state.widen(target, *state.span[root])
                outcome.merged.append((root, target))
        for member in [*loose, iid]:
            cluster_of[member] = target
            assign[member] = target
            state.size[target] = state.size.get(target, 0) + 1

    _write(connection, incident_id, state, assign, first_member, received, texts, outcome, now)
    for part in _chunks(band_rows, 2000):
        connection.execute(insert(InteractionBand), list(part))
    return outcome


def _load_clusters(connection: Connection, ids: Sequence[int], state: _Clusters) -> None:
    """Sizes of the clusters touched, and which of them an operator kept apart."""
    for part in _chunks(ids):
        for cid, size, split_from, first, last in connection.execute(
            select(
                Cluster.id,
                Cluster.size,
                Cluster.split_from,
                Cluster.first_seen,
                Cluster.last_seen,
            ).where(Cluster.id.in_(part))
        ):
            state.size[cid] = size or 0
            state.loaded[cid] = size or 0
            state.span[cid] = (first, last)
            if split_from is not None:
                state.kept_apart.add(frozenset((cid, split_from)))
    for part in _chunks(ids):
        for cid, origin in connection.execute(
            select(Cluster.id, Cluster.split_from).where(Cluster.split_from.in_(part))
        ):
            if origin is not None:
                state.kept_apart.add(frozenset((cid, origin)))


def _write(
    connection: Connection,
    incident_id: int,
    state: _Clusters,
    assign: dict[int, int],
    first_member: dict[int, int],
    received: dict[int, str],
    texts: dict[int, str],
    outcome: ClusterOutcome,
    now: str,
) -> None:
    if not assign and not outcome.merged:
        return
    final = {iid: state.find(h) for iid, h in assign.items()}
    missing = [i for i in final if i not in received]
    for part in _chunks(missing):
        for iid, at, text in connection.execute(
            select(Interaction.id, Interaction.received_at, Interaction.text).where(
                Interaction.id.in_(part)
            )
        ):
            received[iid] = at
            texts[iid] = text
    real: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for iid, root in final.items():
        members.setdefault(root, []).append(iid)
    for root, ids in members.items():
        if root >= 0:
            continue
        times = [received[i] for i in ids]
        head = first_member.get(root, min(ids))
        real[root] = int(
            connection.execute(
                insert(Cluster)
                .values(
                    incident_id=incident_id,
                    status="unverified",
                    first_seen=min(times),
                    last_seen=max(times),
                    size=0,
                    sample_text=(texts.get(head) or "")[:2000],
                    created_at=now,
                )
                .returning(Cluster.id)
            ).scalar_one()
        )

    def resolve(handle: int) -> int:
        root = state.find(handle)
        return real.get(root, root)

    merge_roots = {state.find(b) for _, b in outcome.merged}
    # a placeholder merged into another was never written: only real clusters move
    merges = list(dict.fromkeys((a, resolve(b)) for a, b in outcome.merged if a > 0))
    merges = [(a, b) for a, b in merges if a != b]
    outcome.merged = merges
    if merges:
        _merge(connection, merges)
    if final:
        connection.execute(
            update(Interaction)
            .where(Interaction.id == bindparam("iid"))
            .values(cluster_id=bindparam("cid")),
            [{"iid": iid, "cid": resolve(h)} for iid, h in final.items()],
        )
    sizes: list[dict[str, Any]] = []
    for root in set(members) | merge_roots:
        for iid in members.get(root, ()):
            state.widen(root, received[iid], received[iid])
        first, last = state.span[root]
        sizes.append({"cid": resolve(root), "n": state.size[root], "a": first, "b": last})
    if sizes:
        connection.execute(
            update(Cluster)
            .where(Cluster.id == bindparam("cid"))
            .values(size=bindparam("n"), first_seen=bindparam("a"), last_seen=bindparam("b")),
            sizes,
        )
    outcome.sizes = {int(row["cid"]): int(row["n"]) for row in sizes}
    outcome.before = {
        resolve(root): int(state.loaded.get(root, 0)) for root in set(members) | merge_roots
    }
    outcome.absorbed = {resolve(root) for root in merge_roots}
    for root, ids in members.items():
        outcome.members.setdefault(resolve(root), []).extend(ids)
    outcome.clustered = len(final)


def _merge(connection: Connection, merges: Sequence[tuple[int, int]]) -> None:
    """Move the members of each absorbed cluster and carry over what an operator set."""
    for source, target in merges:
        connection.execute(
            update(Interaction).where(Interaction.cluster_id == source).values(cluster_id=target)
        )
        src = connection.execute(
            select(Cluster.label, Cluster.status, Cluster.statement_id).where(Cluster.id == source)
        ).first()
        dst = connection.execute(
            select(Cluster.label, Cluster.status, Cluster.statement_id).where(Cluster.id == target)
        ).first()
        values: dict[str, Any] = {}
        if src is not None and dst is not None:
            if src[0] and not dst[0]:
                values["label"] = src[0]
            if src[1] != "unverified" and dst[1] == "unverified":
                values["status"] = src[1]
            if src[2] is not None and dst[2] is None:
                values["statement_id"] = src[2]
        if values:
            connection.execute(update(Cluster).where(Cluster.id == target).values(**values))
        connection.execute(
            update(Cluster).where(Cluster.id == source).values(merged_into=target, size=0)
        )


def refresh_clusters(connection: Connection, ids: Sequence[int]) -> None:
    """Size, first and last seen of each cluster, counted from its members (index scans)."""
    for part in _chunks(list(ids)):
        rows = connection.execute(
            select(
                Interaction.cluster_id,
                func.count(Interaction.id),
                func.min(Interaction.received_at),
                func.max(Interaction.received_at),
            )
            .where(Interaction.cluster_id.in_(part))
            .group_by(Interaction.cluster_id)
        ).all()
        if rows:
            connection.execute(
                update(Cluster)
                .where(Cluster.id == bindparam("cid"))
                .values(size=bindparam("n"), first_seen=bindparam("a"), last_seen=bindparam("b")),
                [{"cid": c, "n": n, "a": a, "b": b} for c, n, a, b in rows],
            )
        empty = set(part) - {r[0] for r in rows}
        if empty:
            connection.execute(update(Cluster).where(Cluster.id.in_(sorted(empty))).values(size=0))


__all__ = [
    "Arrival",
    "ClusterOutcome",
    "cluster_arrivals",
    "clustering_text",
    "reference_key",
    "references",
    "refresh_clusters",
]
