"""Stable pseudonyms for members of the public in an export (``--mask-pii``, ``--research``).

A pseudonym is an HMAC-SHA-256 of the value under a random salt made for one export and
never written anywhere: the same person gets the same pseudonym in every file of one export,
and nobody holding the bundle can test a guessed phone number against it. Phone numbers and
e-mail addresses are found by pattern in any text; the names and handles of the public come
from the database (every interaction's author and reply address) and are replaced wherever
they appear.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import unicodedata
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from crisisdesk.storage.models import Interaction

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_D = r"[0-9٠-٩۰-۹]"
EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(rf"(?<![\w+])\+?{_D}(?:[ \-().]?{_D}){{6,}}(?!\w)")
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")
MIN_NAME = 3
IDENTITY_KEYS = ("to", "address", "from", "email", "phone", "wa_id", "user_id", "username", "name")
NAMES_PER_PATTERN = 400


def fold(value: str) -> str:
    """What makes two spellings the same person: NFKC, case, digits, outer spaces."""
    return unicodedata.normalize("NFKC", value).translate(DIGITS).casefold().strip()


def phone_digits(value: str) -> str:
    """The national form of a number, so +966 55…, 00966 55… and 055… are one person."""
    digits = "".join(ch for ch in value.translate(DIGITS) if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("966"):
        digits = "0" + digits[3:]
    return digits


def _strings(value: str) -> list[str]:
    """A stored value, or the strings inside it when it is a JSON object (reply addresses)."""
    if value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return [value]
        if isinstance(data, dict):
            # who the reply goes to, not what it is about (an e-mail's subject) nor the
            # room's own business number (a WhatsApp phone_number_id)
            return [str(data[k]) for k in IDENTITY_KEYS if isinstance(data.get(k), str | int)]
    return [value]


class Masker:
    """Replaces personal data with pseudonyms; one instance (one salt) per export."""

    def __init__(self, salt: bytes | None = None) -> None:
        self._salt = salt or secrets.token_bytes(32)
        self._names: dict[str, str] = {}
        self._patterns: list[re.Pattern[str]] | None = None

    # ----------------------------------------------------------------- names
    def pseudonym(self, kind: str, value: str) -> str:
        """``person-…``, ``phone-…`` or ``email-…``: stable for one export."""
        key = phone_digits(value) if kind == "phone" else fold(value)
        digest = hmac.new(self._salt, f"{kind}\x00{key}".encode(), hashlib.sha256).hexdigest()
        return f"{kind}-{digest[:12]}"

    def add_names(self, values: Iterable[str | None]) -> None:
        """Names and handles of the public, to be replaced wherever they appear."""
        for value in values:
            if not value:
                continue
            for form in {value.strip(), value.strip().lstrip("@")}:
                if len(form) >= MIN_NAME and not EMAIL.fullmatch(form):
                    self._names.setdefault(fold(form), self.pseudonym("person", form.lstrip("@")))
        self._patterns = None

    def load_public(self, session: Session) -> None:
        """Every author name, handle and reply address in the database."""
        columns = (Interaction.author_name, Interaction.author_handle, Interaction.reply_address)
        query = union(*(select(c.label("v")).where(c.is_not(None)).distinct() for c in columns))
        batch: list[str] = []
        for (found,) in session.connection().execute(query):
            for value in _strings(str(found)):
                if PHONE.fullmatch(value.strip()) or EMAIL.fullmatch(value.strip()):
                    continue  # found by pattern anyway
                batch.append(value)
        self.add_names(batch)

    @property
    def known(self) -> int:
        return len(self._names)

    def _name_patterns(self) -> list[re.Pattern[str]]:
        if self._patterns is None:
            names = sorted(self._names, key=len, reverse=True)
            self._patterns = [
                re.compile(
                    r"(?<!\w)(?:"
                    + "|".join(re.escape(n) for n in names[i : i + NAMES_PER_PATTERN])
                    + r")(?!\w)",
                    re.IGNORECASE,
                )
                for i in range(0, len(names), NAMES_PER_PATTERN)
            ]
        return self._patterns

    # ------------------------------------------------------------------ text
    def person(self, value: str | None) -> str | None:
        """The pseudonym of an author field (name, handle, phone or address)."""
        if not value:
            return value
        stripped = value.strip()
        if EMAIL.fullmatch(stripped):
            return self.pseudonym("email", stripped)
        if PHONE.fullmatch(stripped):
            return self.pseudonym("phone", stripped)
        return self.pseudonym("person", stripped.lstrip("@"))

    def text(self, value: str) -> str:
        """``value`` with every e-mail address, phone number and known name replaced."""
        if not value:
            return value
        out = EMAIL.sub(lambda m: self.pseudonym("email", m.group(0)), value)
        out = PHONE.sub(self._phone, out)
        if self._names:
            lookup = self._names
            for pattern in self._name_patterns():
                out = pattern.sub(lambda m: lookup.get(fold(m.group(0)), m.group(0)), out)
        return out

    def _phone(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if DATE_LIKE.match(found.translate(DIGITS)) or len(phone_digits(found)) < 8:
            return found
        return self.pseudonym("phone", found)

    def scrub_decision(self, body: dict[str, Any]) -> dict[str, Any]:
        """A decision about the public with its summary and payload masked; the fields that
        say who decided what and when (staff, kind, subject, time) are kept."""
        out = dict(body)
        for key in ("summary", "payload"):
            if key in out:
                out[key] = self.scrub(out[key])
        return out

    def scrub(self, value: Any) -> Any:
        """A JSON-like value with every string masked (keys are kept)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.scrub(item) for item in value]
        return value
