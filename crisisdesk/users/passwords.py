"""Password hashes: argon2id with OWASP's parameters; scrypt hashes of older databases
still verify and are replaced by argon2id at the next successful sign-in.

Parameters: argon2id, 46 MiB, 5 passes, 1 lane — above OWASP's minimum (46 MiB and one
pass, or 19 MiB and two) and tuned so one sign-in takes 0.2-0.5 s on a laptop
(``bench/signin.py``): slow for someone guessing, quick for a person.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import unicodedata

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

TIME_COST = 5
MEMORY_KIB = 47_104
PARALLELISM = 1

_hasher = PasswordHasher(
    time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID
)


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (tests use a cheap one); returns the previous one."""
    global _hasher
    previous, _hasher = _hasher, hasher
    dummy_hash.cache_clear()
    return previous


def current_hasher() -> PasswordHasher:
    return _hasher


def _secret(password: str) -> bytes:
    """The bytes hashed: NFC (one Arabic word typed on two keyboards is one password);
    a lone surrogate cannot come from a keyboard but must not crash the check."""
    return unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass")


def hash_password(password: str) -> str:
    return _hasher.hash(_secret(password))


def check_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (argon2id, or a legacy scrypt hash)."""
    if not isinstance(password, str) or not isinstance(stored, str):
        return False
    if stored.startswith("scrypt$"):
        return _check_scrypt(password, stored)
    if not stored.isascii():
        return False
    try:
        return _hasher.verify(stored, _secret(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` is weaker than today's parameters (never for a stronger one)."""
    if not stored.startswith("$argon2id$"):
        return True
    try:
        params = extract_parameters(stored)
    except InvalidHashError:
        return True
    current = _hasher
    return (
        params.memory_cost < current.memory_cost
        or params.time_cost < current.time_cost
        or params.hash_len < current.hash_len
    )


def _check_scrypt(password: str, stored: str) -> bool:
    """The scrypt hashes CrisisDesk wrote before argon2id (raw UTF-8, as then)."""
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt" or int(n) > 2**20 or int(r) > 64 or int(p) > 16:
            return False
        salt = base64.b64decode(salt_b64)
        expected = base64.b64decode(digest_b64)
        actual = hashlib.scrypt(
            password.encode("utf-8", "surrogatepass"),
            salt=salt,
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=2**31 - 1,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def dummy_hash() -> str:
    """A hash to check against when the user does not exist, so timing hides names."""
    return hash_password("crisisdesk-no-such-user")
