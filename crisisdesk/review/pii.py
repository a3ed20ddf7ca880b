"""Stable pseudonyms for members of the public in an export (``--mask-pii``, ``--research``).

A pseudonym is an HMAC-SHA-256 of the value under a random salt made for one export and
never written anywhere: the same person gets the same pseudonym in every file of one export,
and nobody holding the bundle can test a guessed phone number against it.

What is masked is the public's text and the public's identities only: phone numbers, IDs,
IBANs, e-mail addresses, WhatsApp ids, @handles and profile URLs found by shape
(`pii_patterns`), and person names (`pii_names`: the authors in the database, a gazetteer,
kunyas). Staff text (statements, staff decisions, playbooks, titles) is never passed here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from crisisdesk.review.pii_names import TOKEN, NameFinder
from crisisdesk.review.pii_patterns import (
    PATTERN,
    number_kind,
    phone_digits,
    whatsapp_phone,
    worth_scanning,
)
from crisisdesk.storage.models import Interaction

EMAIL = re.compile(r"[\w.+%'-]+@[\w-]+(?:\.[\w-]+)+")
# The keys of a stored reply address that name the person (not an e-mail's subject, not the
# room's own WhatsApp business number id).
IDENTITY_KEYS = ("email", "name", "phone", "wa_id", "user_id", "username", "to", "address")
KEY_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640.]+")
HANDLE_WORD = re.compile(r"[A-Za-z0-9_.]{3,}")
BARE_HANDLE = re.compile(r"(?<![\w@.-])[A-Za-z0-9_.]{3,}(?![\w@])")
SHORT = 80
CACHE = 50_000
KINDS = ("person", "phone", "id", "email", "iban", "profile")


def _strings(value: str) -> list[str]:
    """A stored value, or the identity strings inside it when it is a JSON object."""
    if value.startswith("{"):
        try:
            data = json.loads(value)
        except ValueError:
            return [value]
        if isinstance(data, dict):
            return [str(data[k]) for k in IDENTITY_KEYS if isinstance(data.get(k), str | int)]
    return [value]


class Masker:
    """Replaces personal data with pseudonyms; one instance (one salt) per export."""

    def __init__(self, salt: bytes | None = None) -> None:
        self._salt = salt or secrets.token_bytes(32)
        self.names = NameFinder()
        self._handles: set[str] = set()
        self.found: dict[str, int] = dict.fromkeys(KINDS, 0)
        # an export masks the same short strings and authors again and again
        self._texts: dict[str, str] = {}
        self._people: dict[str, str] = {}

    # ---------------------------------------------------------- pseudonyms
    def pseudonym(self, kind: str, value: str) -> str:
        """``person-…``, ``phone-…``, ``email-…`` …: stable for one export."""
        if kind in ("phone", "id"):
            key = phone_digits(value)
        elif kind == "person":
            key = self.name_key(value)
        else:
            key = value.strip().casefold()
        digest = hmac.new(self._salt, f"{kind}\x00{key}".encode(), hashlib.sha256).hexdigest()
        return f"{kind}-{digest[:12]}"

    def name_key(self, value: str) -> str:
        """One key for every writing of one name (as the text pass finds it)."""
        words = [
            self.names.kind(w)[1] if TOKEN.fullmatch(w) else w.casefold()
            for w in KEY_WORD.findall(value.strip().lstrip("@"))
        ]
        return " ".join(words) or value.strip().lstrip("@").casefold()

    def add_names(self, values: Iterable[str | None]) -> None:
        """Names and handles of the public, to be replaced wherever they appear."""
        for value in values:
            if not value or not value.strip():
                continue
            text = value.strip()
            if EMAIL.fullmatch(text) or number_kind(text) is not None:
                continue  # found by shape anyway
            if text.startswith("@") or re.fullmatch(r"[A-Za-z]*[0-9_.][\w.]*", text, re.ASCII):
                self._handles.add(text.lstrip("@").casefold())
            self.names.add_author(text)
        self._texts.clear()
        self._people.clear()

    def load_public(self, session: Session) -> None:
        """Every author name, handle and reply address in the database."""
        columns = (Interaction.author_name, Interaction.author_handle, Interaction.reply_address)
        query = union(*(select(c.label("v")).where(c.is_not(None)).distinct() for c in columns))
        batch: list[str] = []
        for (found,) in session.connection().execute(query):
            batch.extend(_strings(str(found)))
        self.add_names(batch)

    @property
    def known(self) -> int:
        return len(self.names.authors)

    # ---------------------------------------------------------------- text
    def person(self, value: str | None) -> str | None:
        """The pseudonym of an author field (name, handle, phone or address)."""
        if not value or not value.strip():
            return value
        found = self._people.get(value)
        if found is None:
            found = self._person(value)
            if len(self._people) >= CACHE:
                self._people.clear()
            self._people[value] = found
        return found

    def _person(self, value: str) -> str:
        stripped = value.strip()
        if EMAIL.fullmatch(stripped):
            phone = whatsapp_phone(stripped)
            return self.pseudonym("phone", phone) if phone else self.pseudonym("email", stripped)
        kind = number_kind(stripped)
        if kind is not None and not any(ch.isalpha() for ch in stripped):
            return self.pseudonym(kind, stripped)
        return self.pseudonym("person", stripped)

    def reply_address(self, value: str | None) -> str | None:
        """A stored reply address with the person's identities masked; what names no person
        (the room's own WhatsApp number id, a tweet id) is kept; an e-mail's subject is
        the public's text."""
        if not value:
            return value
        try:
            data = json.loads(value)
        except ValueError:
            return self.text(value)
        if not isinstance(data, dict):
            return self.text(value)
        out: dict[str, Any] = {}
        for key, item in data.items():
            if not isinstance(item, str):
                out[key] = item
            elif key in IDENTITY_KEYS:
                out[key] = self.person(item)
            elif key in ("phone_number_id", "tweet_id"):
                out[key] = item
            else:
                out[key] = self.text(item)
        return json.dumps(out, ensure_ascii=False, sort_keys=True)

    def text(self, value: str) -> str:
        """``value`` with every piece of personal data replaced by its pseudonym."""
        if not value:
            return value
        short = len(value) <= SHORT
        if short:
            found = self._texts.get(value)
            if found is not None:
                return found
        out = self._text(value)
        if short:
            if len(self._texts) >= CACHE:
                self._texts.clear()
            self._texts[value] = out
        return out

    def _text(self, value: str) -> str:
        out = PATTERN.sub(self._shape, value) if worth_scanning(value) else value
        runs = self.names.runs(out)
        if runs:
            parts: list[str] = []
            last = 0
            for start, end, key in runs:
                parts.append(out[last:start])
                parts.append(self._named(key))
                last = end
            parts.append(out[last:])
            out = "".join(parts)
        if self._handles:
            out = self._bare_handles(out)
        return out

    def _named(self, key: str) -> str:
        self.found["person"] += 1
        digest = hmac.new(self._salt, f"person\x00{key}".encode(), hashlib.sha256).hexdigest()
        return f"person-{digest[:12]}"

    def _bare_handles(self, text: str) -> str:
        """Known handles written without their @ (``user1007 says``)."""
        handles = self._handles
        if not any(word.casefold() in handles for word in HANDLE_WORD.findall(text)):
            return text

        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            if word.casefold() in handles:
                self.found["person"] += 1
                return self.pseudonym("person", word)
            return word

        return BARE_HANDLE.sub(swap, text)

    def _shape(self, match: re.Match[str]) -> str:
        group = match.lastgroup
        found = match.group(0)
        if group == "skip" or group is None:
            return found
        if group == "number":
            kind = number_kind(found)
            if kind is None:
                return found
            self.found[kind] += 1
            return self.pseudonym(kind, found)
        if group == "email":
            phone = whatsapp_phone(found)
            if phone:
                self.found["phone"] += 1
                return self.pseudonym("phone", phone)
            self.found["email"] += 1
            return self.pseudonym("email", found)
        if group == "handle":
            self.found["person"] += 1
            return self.pseudonym("person", found)
        if group == "url":
            self.found["profile"] += 1
            return self.pseudonym("profile", found)
        self.found["iban"] += 1
        return self.pseudonym("iban", found)

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
