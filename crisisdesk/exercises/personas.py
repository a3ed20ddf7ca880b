"""The simulated public's senders: fictional names and handles, one persona each.

Names are common first names joined to common family words at random, so no real person is
quoted; handles and numbers are drawn from ranges nobody is given (WhatsApp numbers in the
reserved ``9665000xxxxx`` block, X handles with an ``_ex`` suffix).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_FIRST_AR = (
    "محمد", "عبدالله", "فهد", "سلمان", "خالد", "تركي", "ناصر", "سعود", "فيصل", "عبدالرحمن",
    "نورة", "سارة", "هند", "مها", "ريم", "العنود", "لطيفة", "منيرة", "حصة", "أمل",
)  # fmt: skip
_FAMILY_AR = (
    "الدوسري", "الشمري", "القحطاني", "العتيبي", "الزهراني", "الغامدي", "الخالدي", "الهاجري",
    "المطيري", "الشهري", "البوعينين", "الملحم", "العمير", "السبيعي", "الرشيد", "الحربي",
)  # fmt: skip
_LATIN = {
    "محمد": "mohammed", "عبدالله": "abdullah", "فهد": "fahad", "سلمان": "salman",
    "خالد": "khalid", "تركي": "turki", "ناصر": "nasser", "سعود": "saud", "فيصل": "faisal",
    "عبدالرحمن": "abdulrahman", "نورة": "noura", "سارة": "sarah", "هند": "hind", "مها": "maha",
    "ريم": "reem", "العنود": "alanoud", "لطيفة": "latifa", "منيرة": "munira", "حصة": "hessa",
    "أمل": "amal",
}  # fmt: skip
_EXPAT = ("Imran Qureshi", "Joseph Mathew", "Rizwan Ahmed", "Anil Kumar", "Farhan Ali")
_INFLUENCER = ("يوميات الشرقية", "أخبار الخبر لحظة بلحظة", "عين الدمام", "الشرقية الآن")
_RUMOUR = ("خبر عاجل الشرقية", "مصدر مطلع", "حقائق لا تنشر", "الشرقية بدون فلتر")
_OUTLETS = (
    ("صحيفة الساحل الإخبارية", "newsdesk@alsahil-news.example"),
    ("موقع الشرقية اليوم", "desk@sharqiya-today.example"),
    ("Gulf Coast Daily", "editor@gulfcoast-daily.example"),
)
_LEADERSHIP = ("مكتب أمين المنطقة الشرقية", "office.mayor@amanah.example")
_OFFICIAL = "غرفة عمليات الأمانة"


@dataclass(frozen=True)
class Sender:
    """Who one injected message comes from, on the channel it arrives by."""

    name: str
    handle: str  # WhatsApp number, X user name, e-mail address or caller's phone


def sender(persona: str, channel: str, rng: random.Random) -> Sender:
    """A plausible sender of ``persona`` for ``channel`` (deterministic given ``rng``)."""
    if persona == "journalist":
        outlet, address = rng.choice(_OUTLETS)
        first = rng.choice(_FIRST_AR)
        name = f"{first} {rng.choice(_FAMILY_AR)} — {outlet}"
        return Sender(name, address if channel in ("email", "news") else _handle(first, rng))
    if persona == "leadership":
        return Sender(*_LEADERSHIP)
    if persona == "official":
        return Sender(_OFFICIAL, "ops@amanah.example")
    if persona == "expatriate":
        name = rng.choice(_EXPAT)
        return Sender(name, _by_channel(channel, name.split()[0].lower(), rng))
    if persona == "influencer":
        name = rng.choice(_INFLUENCER)
        return Sender(name, _by_channel(channel, f"sharqiya{rng.randint(1, 99)}", rng))
    if persona == "rumour":
        name = rng.choice(_RUMOUR)
        return Sender(name, _by_channel(channel, f"news{rng.randint(100, 999)}", rng))
    first = rng.choice(_FIRST_AR)
    name = f"{first} {rng.choice(_FAMILY_AR)}"
    return Sender(name, _by_channel(channel, _LATIN.get(first, "user"), rng))


def _by_channel(channel: str, stem: str, rng: random.Random) -> str:
    if channel in ("whatsapp", "hotline"):
        return f"9665000{rng.randint(0, 99999):05d}"
    if channel == "email":
        return f"{stem}{rng.randint(1, 999)}@mail.example"
    return _handle(stem, rng)


def _handle(stem: str, rng: random.Random) -> str:
    return f"{stem}_{rng.randint(10, 9999)}_ex"


__all__ = ["Sender", "sender"]
