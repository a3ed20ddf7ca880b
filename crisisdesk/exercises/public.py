"""The simulated public: personas whose disposition towards the Amanah moves with what the
room does, and whose next posts follow that disposition.

A clear statement published calms, a rumour countered calms more, silence past an expected
time angers, a contradiction (a statement superseded by another) inflames. Every ``every``
minutes of scenario time each persona posts: a calm public thanks and asks, an angry one
complains and repeats the rumour. The posts at a mark depend only on what the room had done
before it, so every laptop (and a rerun) computes the same posts with the same keys.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import timedelta

from crisisdesk.exercises.format import PersonaGroup, PublicSpec
from crisisdesk.exercises.personas import sender
from crisisdesk.exercises.schedule import Item
from crisisdesk.exercises.wording import vary

PUBLIC = "public"
# How much each thing the room does moves the public (on a -100..100 scale).
EFFECTS = {"published": 15, "countered": 20, "missed": -20, "contradiction": -25}
CHANNEL = {
    "resident": "whatsapp",
    "influencer": "x",
    "journalist": "x",
    "rumour": "x",
    "expatriate": "whatsapp",
}
POSTS: dict[str, dict[str, tuple[str, ...]]] = {
    "calm": {
        "resident": (
            "شكراً للأمانة على التوضيح، الله يعطيكم العافية",
            "وصلنا البيان، الله يحفظ الجميع 🤲",
        ),
        "influencer": ("الأمانة أصدرت بياناً واضحاً، تابعوا الحساب الرسمي ولا تنشرون إلا من المصدر",),
        "journalist": ("وفق بيان الأمانة: الفرق تعمل في المواقع المتأثرة، والتحديث القادم قريباً",),
        "rumour": ("طيب يمكن الخبر مو دقيق، ننتظر",),
        "expatriate": ("Thank you for the update, we will follow the official account.",),
    },
    "neutral": {
        "resident": ("متى التحديث القادم؟ نبي نعرف وش الوضع", "هل الطرق سالكة الحين؟"),
        "influencer": ("ننتظر بيان رسمي من الأمانة، وش الوضع يا جماعة؟",),
        "journalist": ("بانتظار تصريح رسمي من الأمانة حول آخر المستجدات",),
        "rumour": ("مصادر تقول إن الوضع أخطر مما يقال",),
        "expatriate": ("Any official news? We do not know what to do.",),
    },
    "angry": {
        "resident": (
            "ليش الأمانة ساكتة؟ الناس محتاجة جواب الحين!",
            "ما أحد يرد علينا، وين المسؤولين؟ 😡",
        ),
        "influencer": ("صمت الأمانة غير مقبول، الناس تعتمد على الإشاعات لأن ما فيه معلومة رسمية",),
        "journalist": ("لا رد من الأمانة حتى الآن رغم تكرار الاستفسار",),
        "rumour": ("شفتوا؟ ساكتين لأن الخبر صحيح، انشروا قبل يحذفونه",),
        "expatriate": ("Nobody answers us. Is it true what people are saying?",),
    },
}


@dataclass(frozen=True)
class Event:
    """Something the room did (or failed to do) at a scenario offset."""

    offset: timedelta
    kind: str  # a key of EFFECTS


def disposition(
    events: list[Event], at: timedelta, persona: str, *, leaning: int = 0, sensitivity: int = 100
) -> int:
    """The persona's disposition at ``at`` from the events before it (-100 angry .. 100 calm);
    a group starts from its ``leaning`` and feels each event at ``sensitivity`` percent."""
    value = leaning
    for event in events:
        if event.offset < at:
            effect = EFFECTS.get(event.kind, 0)
            if persona == "rumour" and event.kind == "countered":
                effect *= 2  # a countered rumour silences its source most
            if persona == "journalist" and event.kind == "missed":
                effect = effect * 3 // 2  # the press notices silence first
            value += effect * sensitivity // 100
    return max(-100, min(100, value))


def mood(value: int) -> str:
    return "calm" if value >= 20 else "angry" if value <= -20 else "neutral"


def marks(spec: PublicSpec, upto: timedelta) -> list[timedelta]:
    """The scenario times at which the public posts, up to ``upto``."""
    out = []
    at = spec.every
    while at <= upto:
        out.append(at)
        at += spec.every
    return out


def posts_at(spec: PublicSpec, seed: str, at: timedelta, events: list[Event]) -> list[Item]:
    """What the public posts at the mark ``at``: more, and angrier, when it is angry."""
    out = []
    minute = int(at.total_seconds() // 60)
    for persona in spec.personas:
        value = disposition(events, at, persona)
        state = mood(value)
        count = 1 + (max(0, -value) // 25) * spec.per_anger
        channel = CHANNEL.get(persona, "x")
        for n in range(count):
            key = f"{PUBLIC}#{minute:04d}#{persona}#{n}"
            digest = hashlib.sha256(f"{seed}\x00{key}".encode()).digest()
            rng = random.Random(int.from_bytes(digest[:8], "big"))
            text = rng.choice(POSTS[state][persona])
            who = sender(persona, channel, rng)
            out.append(
                Item(
                    key=key,
                    offset=at + timedelta(seconds=n * 7 % 60),
                    inject=PUBLIC,
                    channel=channel,
                    persona=persona,
                    author_name=who.name,
                    author_handle=who.handle,
                    text=vary(text, rng, channel=channel) if n else text,
                )
            )
    for group in spec.groups:
        out.extend(_group_posts(group, seed, at, minute, events, spec.per_anger))
    return out


def _group_posts(
    group: PersonaGroup, seed: str, at: timedelta, minute: int, events: list[Event],
    per_anger: int,
) -> list[Item]:  # fmt: skip
    """A group's posts at one mark: its own disposition, distinct members writing."""
    value = disposition(
        events, at, group.persona, leaning=group.leaning, sensitivity=group.sensitivity
    )
    state = mood(value)
    count = min(group.size, max(1, group.size // 5) + (max(0, -value) // 25) * per_anger)
    channel = CHANNEL.get(group.persona, "x")
    out = []
    for n in range(count):
        key = f"{PUBLIC}#{minute:04d}#group:{group.id}#{n}"
        digest = hashlib.sha256(f"{seed}\x00{key}".encode()).digest()
        rng = random.Random(int.from_bytes(digest[:8], "big"))
        member = hashlib.sha256(f"{seed}\x00{group.id}\x00{n}".encode()).digest()
        who = sender(group.persona, channel, random.Random(int.from_bytes(member[:8], "big")))
        text = rng.choice(POSTS[state][group.persona])
        out.append(
            Item(
                key=key,
                offset=at + timedelta(seconds=(n * 11 + 3) % 60),
                inject=PUBLIC,
                channel=channel,
                persona=group.persona,
                author_name=who.name,
                author_handle=who.handle,
                text=vary(text, rng, channel=channel) if n else text,
            )
        )
    return out


__all__ = ["EFFECTS", "PUBLIC", "Event", "disposition", "group_mood", "marks", "mood", "posts_at"]


def group_mood(group: PersonaGroup, events: list[Event], at: timedelta) -> str:
    """The group's mood at ``at`` (calm, neutral or angry), for the trainer's console."""
    return mood(
        disposition(events, at, group.persona, leaning=group.leaning, sensitivity=group.sensitivity)
    )
