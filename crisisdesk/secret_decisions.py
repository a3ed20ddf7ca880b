"""Storing or removing a secret is an administrator's decision, logged by name only.

The value goes to the keyring inside the transaction that records the decision: if the
keyring refuses, nothing is logged; if the log cannot be written, the caller hears it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crisisdesk.errors import CrisisDeskError
from crisisdesk.log.kinds import Kind
from crisisdesk.users.permissions import Action

if TYPE_CHECKING:
    from crisisdesk.kernel import Kernel

MAX_NAME = 200
MAX_VALUE = 64 * 1024


def _check_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise CrisisDeskError(f"a secret needs a printable name of at most {MAX_NAME} characters")
    return name


def store_secret(desk: Kernel, name: str, value: str) -> str:
    """Put ``value`` in the keyring as ``name``; returns where it is kept (one line)."""
    name = _check_name(name)
    if not value:
        raise CrisisDeskError(f"no value given for {name}")
    if len(value) > MAX_VALUE or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise CrisisDeskError(f"the value for {name} is too long or not text")
    with desk.transaction(Action.SECRETS_SET) as uow:
        desk.secrets.set(name, value)
        where = desk.secrets.status()
        uow.decide(
            Kind.SECRETS_SET,
            subject=f"secret:{name}",
            summary_ar=f"حفظ السر {name} في حافظة المفاتيح",
            summary_en=f"stored the secret {name} in the keyring",
            payload={"name": name, "store": where},
        )
    return where


def remove_secret(desk: Kernel, name: str) -> bool:
    """Remove ``name`` from the keyring; False when it was not stored (still a decision)."""
    name = _check_name(name)
    with desk.transaction(Action.SECRETS_SET) as uow:
        removed = desk.secrets.delete(name)
        uow.decide(
            Kind.SECRETS_DELETED,
            subject=f"secret:{name}",
            summary_ar=f"حذف السر {name} من حافظة المفاتيح"
            + ("" if removed else " (لم يكن محفوظًا)"),
            summary_en=f"removed the secret {name} from the keyring"
            + ("" if removed else " (it was not stored)"),
            payload={"name": name, "was_stored": removed},
        )
    return removed
