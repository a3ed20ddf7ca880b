"""The hash-chain and checkpoint-signature formulas, in one place so exports can cite them.

hash(n) = SHA-256(DOMAIN ‖ log_id ‖ seq as 8 bytes big-endian ‖ prev_hash ‖ SHA-256(body))
where body is the canonical JSON of entry n and prev_hash of entry 1 is GENESIS(log_id).
"""

from __future__ import annotations

import hashlib

DOMAIN = b"CRISISDESK-DECISION-LOG-V1\x00"
GENESIS_DOMAIN = b"CRISISDESK-GENESIS-V1\x00"
CHECKPOINT_DOMAIN = b"CRISISDESK-CHECKPOINT-V1\x00"


def genesis_hash(log_id: str) -> str:
    """The ``prev_hash`` of the first entry, derived from the log id."""
    return hashlib.sha256(GENESIS_DOMAIN + log_id.encode("ascii")).hexdigest()


def link_prefix(log_id: str) -> bytes:
    """The constant start of every link preimage of one log."""
    return DOMAIN + log_id.encode("ascii")


def entry_hash(log_id: str, seq: int, prev_hash: str, body: bytes) -> str:
    """The hash of one entry given its predecessor's hash and its canonical body."""
    return hashlib.sha256(
        link_prefix(log_id)
        + seq.to_bytes(8, "big")
        + bytes.fromhex(prev_hash)
        + hashlib.sha256(body).digest()
    ).hexdigest()


def checkpoint_message(log_id: str, seq: int, head_hash: str, at: str) -> bytes:
    """The bytes an Ed25519 checkpoint signature covers."""
    return (
        CHECKPOINT_DOMAIN
        + log_id.encode("ascii")
        + seq.to_bytes(8, "big")
        + bytes.fromhex(head_hash)
        + at.encode("ascii")
    )


def fingerprint(public_key_hex: str) -> str:
    """A short human-comparable fingerprint of a public key or head hash."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))
