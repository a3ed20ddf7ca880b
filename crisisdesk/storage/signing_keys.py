"""Every signing key the log knows, for an auditor of a shared room.

On a shared server each laptop signs with a key of its own, registered in the log the first
time that laptop signs (``log.key_registered``). An auditor who pinned only the key printed
at ``init`` would see a later laptop's checkpoint as "signed by an unknown key"; ``crisisdesk
log keys --out FILE`` writes them all, one per line, for ``verify --public-keys FILE``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisdesk.storage.chain import fingerprint
from crisisdesk.storage.models import Checkpoint, Decision, Meta

REGISTERED = "log.key_registered"


@dataclass
class SigningKey:
    public_key: str
    registered_seq: int | None = None
    registered_at: str | None = None
    user: str | None = None
    machine: str | None = None
    first_seq: int | None = None
    last_seq: int | None = None
    checkpoints: int = 0
    pinned: bool = False

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def to_json(self) -> dict[str, Any]:
        return {
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
            "registered_seq": self.registered_seq,
            "registered_at": self.registered_at,
            "user": self.user,
            "machine": self.machine,
            "first_seq": self.first_seq,
            "last_seq": self.last_seq,
            "checkpoints": self.checkpoints,
            "pinned": self.pinned,
        }


def signing_keys(session: Session) -> list[SigningKey]:
    """Registered, pinned and signing keys, in the order they first appeared."""
    keys: dict[str, SigningKey] = {}
    rows = session.execute(
        select(Decision.seq, Decision.body)
        .where(Decision.kind == REGISTERED)
        .order_by(Decision.seq)
    )
    for seq, body in rows:
        data = json.loads(body)
        payload = data.get("payload") or {}
        public = str(payload.get("public_key") or "")
        if public and public not in keys:
            keys[public] = SigningKey(
                public,
                registered_seq=int(seq),
                registered_at=data.get("at"),
                user=data.get("actor"),
                machine=payload.get("machine"),
            )
    signed = session.execute(
        select(
            Checkpoint.public_key,
            func.min(Checkpoint.seq),
            func.max(Checkpoint.seq),
            func.count(),
        ).group_by(Checkpoint.public_key)
    )
    for public, first, last, count in signed:
        key = keys.setdefault(public, SigningKey(public))
        key.first_seq, key.last_seq, key.checkpoints = int(first), int(last), int(count)
    pins = session.get(Meta, "pinned_keys")
    for public in json.loads(pins.value) if pins else []:
        keys.setdefault(public, SigningKey(public)).pinned = True
    return sorted(keys.values(), key=lambda k: k.registered_seq or k.first_seq or 0)
