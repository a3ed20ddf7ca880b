"""Ed25519 keys that sign checkpoints: made once per log, private half in the keyring."""

from __future__ import annotations

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from crisisdesk.secrets import SecretStore


def key_name(log_id: str) -> str:
    return f"log-signing-key/{log_id}"


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def load_private(store: SecretStore, log_id: str) -> Ed25519PrivateKey | None:
    secret = store.get(key_name(log_id))
    if not secret:
        return None
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret))


def create_private(store: SecretStore, log_id: str) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    store.set(key_name(log_id), base64.b64encode(raw).decode("ascii"))
    return key


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return key.sign(message).hex()


def signature_valid(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(
            bytes.fromhex(signature_hex), message
        )
    except (InvalidSignature, ValueError):
        return False
    return True
