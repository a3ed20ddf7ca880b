"""What a new password must be: long (12 characters, or a passphrase of four words), not
one of the common passwords every attacker tries first, and not the user's own name.

The common list ships with the package (resources/passwords); it is read once, lazily.
"""

from __future__ import annotations

import functools
import gzip
import unicodedata
from pathlib import Path

from crisisdesk.errors import CrisisDeskError

MIN_LENGTH = 12
MIN_WORDS = 4  # a passphrase: four words of two or more characters each
MAX_LENGTH = 1024  # hashing is bounded; nobody types more
COMMON_LIST = (
    Path(__file__).resolve().parent.parent / "resources" / "passwords" / "common-passwords.txt.gz"
)


class PasswordPolicyError(CrisisDeskError):
    """A new password that the policy refuses; the message says what to change."""


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased."""
    with gzip.open(COMMON_LIST, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def _is_passphrase(password: str) -> bool:
    words = password.split()
    return len(words) >= MIN_WORDS and all(len(word) >= 2 for word in words)


def check_policy(password: str, user_name: str = "") -> str:
    """``password`` normalised (NFC) when the policy accepts it; else a one-line refusal."""
    if not isinstance(password, str) or not password:
        raise PasswordPolicyError("an empty password is not allowed")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in password):
        raise PasswordPolicyError("the password holds characters that cannot be stored")
    password = unicodedata.normalize("NFC", password)
    if len(password) > MAX_LENGTH:
        raise PasswordPolicyError(f"a password may have at most {MAX_LENGTH} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        raise PasswordPolicyError("a password may not contain control characters")
    if len(password) < MIN_LENGTH and not _is_passphrase(password):
        raise PasswordPolicyError(
            f"a password needs at least {MIN_LENGTH} characters "
            f"(or a passphrase of {MIN_WORDS} words)"
        )
    folded = password.casefold()
    if len(set(folded.replace(" ", ""))) < 3:
        raise PasswordPolicyError("a password needs more than one or two different characters")
    if folded in common_passwords() or "".join(folded.split()) in common_passwords():
        raise PasswordPolicyError("this password is on the list of common passwords")
    if user_name and user_name.casefold() in folded:
        raise PasswordPolicyError("a password may not contain the user's name")
    return password
