"""The inbox's part of the demo: a few thousand realistic public messages for the flood.

Citizens report flooded streets in Dammam, Khobar and Qatif neighbourhoods, ask about school
closures, complain about pumps, and forward a false rumour of a dam break that grows into a
cluster; expatriates ask in English; call-takers enter hotline calls. Some are triaged and
answered, some are left to go overdue. Generated from templates with a fixed seed, so every
demo tells the same story.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from crisisdesk.demo.story import Story
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rows import InboxFilters

DEMO_OPERATOR = "operator1"
COUNT = 3000

PLACES = {
    "الدمام": ["حي الفيصلية", "حي الشاطئ", "حي النور", "حي الجلوية", "حي العدامة", "حي الريان"],
    "الخبر": ["حي العقربية", "حي الثقبة", "حي الخبر الشمالية", "حي الراكة", "حي اليرموك"],
    "القطيف": ["حي المجيدية", "حي الناصرة", "حي البحر", "حي الدانة"],
}
COMPLAINTS = [
    "الموية دخلت البيوت في {hood} بـ{city} ومحد رد علينا من ساعتين",
    "غرقت الشوارع في {hood} والبيارة طفحت، وين البلدية؟",
    "المضخة في {hood} واقفة من الصبح والمويه ترتفع",
    "انقطعت الكهرباء في {hood} بسبب المياه، الله يعين",
    "سيارتي غرقت قدام البيت في {hood} ({city}) ما أحد رد على البلاغ",
]
OBSERVATIONS = [
    "تجمع مياه كبير عند إشارة {hood} في {city}، انتبهوا",
    "نفق طريق الملك فهد مغمور بالكامل، الشارع مسكر",
    "سيارة عالقة في نفق {city} قرب {hood}",
    "سيول قوية في {hood} الحين #أمطار_الشرقية",
]
QUESTIONS = [
    "هل الدوام بكرة في مدارس {city}؟ فيه تعليق الدراسة؟",
    "متى يفتح نفق {hood}؟",
    "هل الطريق بين الدمام والخبر سالك الحين؟",
    "وش الوضع في {hood}؟ نقدر نطلع؟",
]
SUGGESTIONS = [
    "أقترح تركيب مضخات إضافية في {hood} قبل الموسم الجاي",
    "ياليت تنشرون خريطة الأنفاق المغلقة أول بأول",
]
RUMOUR = "عاجل: انهيار سد وادي {wadi} وعلى سكان {hood} الإخلاء فورا قبل وصول السيل، انشروها"
RUMOUR_VARIANTS = [
    "",
    " الله يحفظكم",
    " ‼️",
    " منقول",
]
ENGLISH = [
    "Is school open tomorrow in {city_en}? My kids attend an international school.",
    "Water is in my house near {hood_en}, Khobar. Who do I call? No one answered.",
    "Is the King Fahd causeway road open? Flash flood warnings on my phone.",
    "Is it true the dam collapsed? My colleagues are sharing an old video.",
    "Road closed at the underpass near {hood_en}, car stuck, please send help.",
]
HOODS_EN = ["Al Aqrabiyah", "Al Rakah", "Al Faisaliyah", "Ash Shati", "Al Thuqbah"]


def _text(rng: random.Random) -> tuple[str, str, str]:
    """A message text, its language and its kind of story."""
    city = rng.choice(list(PLACES))
    hood = rng.choice(PLACES[city])
    roll = rng.random()
    if roll < 0.16:
        variant = rng.choice(RUMOUR_VARIANTS)
        return RUMOUR.format(wadi="الدمام", hood=hood) + variant, "ar", "rumour"
    if roll < 0.26:
        line = rng.choice(ENGLISH).format(
            city_en=rng.choice(["Dammam", "Khobar", "Qatif"]), hood_en=rng.choice(HOODS_EN)
        )
        return line, "en", "english"
    pool = rng.choices([COMPLAINTS, OBSERVATIONS, QUESTIONS, SUGGESTIONS], weights=[4, 3, 3, 1])[0]
    return rng.choice(pool).format(city=city, hood=hood), "ar", "citizen"


def _messages(rng: random.Random, start: datetime, end: datetime) -> list[IncomingMessage]:
    span = (end - start).total_seconds()
    out = []
    for i in range(COUNT):
        text, lang, story = _text(rng)
        # the rumour spreads late, fast
        if story == "rumour":
            at = end - timedelta(seconds=rng.random() * span * 0.3)
        else:
            at = start + timedelta(seconds=rng.random() * span)
        channel = rng.choices(["whatsapp", "x", "email", "hotline"], weights=[6, 3, 1, 1])[0]
        phone = f"9665{rng.randrange(10_000_000, 99_999_999)}"
        flags: dict[str, object] = {}
        if story == "rumour" and channel == "whatsapp":
            flags["forwarded"] = True
            if rng.random() < 0.5:
                flags["frequently_forwarded"] = True
        out.append(
            IncomingMessage(
                channel=channel,
                external_id=f"demo-{channel}-{i:05d}",
                author_handle=f"@user{i}" if channel == "x" else phone,
                author_name=rng.choice(
                    ["أبو فهد", "أم سارة", "Mohammed", "نوف", "عبدالله", "John D.", "سلمان"]
                ),
                received_at=at,
                text=text,
                language=lang,
                raw={"demo": True, "text": text, "channel": channel},
                flags=flags,
                reply_address=(
                    {"phone_number_id": "demo", "wa_id": phone} if channel == "whatsapp" else None
                ),
            )
        )
    return out


TEMPLATES = {
    "complaint": ("complaint-received", {"location": "الموقع المذكور"}),
    "observation": ("observation-thanks", {}),
    "question": ("question-roads", {}),
    "suggestion": ("suggestion-thanks", {}),
    "rumour": ("rumour-correction", {}),
}
ROUND = timedelta(minutes=30)


class InboxAgenda:
    """Every half hour of the story the room takes in what arrived and answers what it can."""

    def __init__(self, story: Story, end: datetime) -> None:
        self.story = story
        self.desk = desk = story.desk
        self.incident_id = incident_id = story.flood
        self.end = end
        self.rng = random.Random(20261126)
        opened = desk.incidents.get(incident_id).opened_at
        self.messages = sorted(
            _messages(self.rng, opened + timedelta(minutes=8), end - timedelta(minutes=2)),
            key=lambda m: m.received_at,
        )
        self.taken = 0
        self.rounds = 0
        self.round_at = min(opened + ROUND, end)

    def next_at(self) -> datetime | None:
        return self.round_at if self.taken < len(self.messages) else None

    def run(self) -> None:
        desk, inbox = self.desk, self.desk.inbox
        now = desk.clock.now()
        batch = [m for m in self.messages[self.taken :] if m.received_at <= now]
        if now >= self.end:
            batch = self.messages[self.taken :]
        self.taken += len(batch)
        self.rounds += 1
        self.round_at = min(now + ROUND, self.end)
        before = desk.user.name if desk.user is not None else "lead"
        self.story.act_as(DEMO_OPERATOR)
        for channel in ("whatsapp", "x", "email", "hotline"):
            part = [m for m in batch if m.channel == channel]
            if part:
                inbox.ingest(
                    self.incident_id,
                    ParseResult(messages=part),
                    source=f"demo {channel} export, round {self.rounds}",
                    format=channel,
                )
        # Each round the operators answer the oldest open messages they can get to.
        open_ids = list(
            reversed(inbox.ids(InboxFilters(self.incident_id, status="new"), limit=None))
        )
        for n, row in enumerate(inbox.rows(open_ids[:160])):
            if row.cluster_id is not None and row.category == "rumour":
                continue  # the rumour is answered in bulk
            if n % 3 == 0:
                inbox.triage.apply(row.id, assignee=self.rng.choice(["operator1", "operator2"]))
            if n % 5 != 4:
                template, values = TEMPLATES.get(row.category or "", TEMPLATES["observation"])
                inbox.replies.reply(row.id, template, values)
        self.story.act_as(before)


def step(story: Story) -> None:
    """Run the story to its end (the inbox agenda takes the rest in), then the rumour."""
    desk, clock, incident_id = story.desk, story.clock, story.flood
    inbox = desk.inbox
    clock.set(max(clock.now(), getattr(clock, "story_end", clock.now())))
    clusters = inbox.clusters.list(incident_id)
    rumour = next((c for c in clusters if "سد" in c.sample_text), None)
    if rumour is not None:
        story.act_as("spokesperson")
        inbox.clusters.update(rumour.id, label="إشاعة انهيار سد وادي الدمام", status="false")
        members = inbox.rows(inbox.clusters.member_ids(rumour.id))
        for row in members[:60]:  # the correction went out to the first ones
            inbox.replies.reply(row.id, "rumour-correction")
    story.act_as(DEMO_OPERATOR)
    inbox.flag_overdue(incident_id)
    story.act_as("lead")


__all__ = ["step"]
