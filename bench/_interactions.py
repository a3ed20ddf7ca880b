"""Realistic Arabic and English crisis messages for the inbox benchmarks, generated from
templates with a fixed seed (neighbourhoods, roads, numbers vary, so the vocabulary does)."""

from __future__ import annotations

import random
from collections.abc import Iterator

CITIES = ["الدمام", "الخبر", "القطيف", "الظهران", "سيهات", "رأس تنورة"]
HOODS = [
    "الفيصلية", "الشاطئ", "النور", "الجلوية", "العدامة", "الريان", "العقربية", "الثقبة",
    "الراكة", "اليرموك", "المجيدية", "الناصرة", "البحر", "الدانة", "الخليج", "الفيحاء",
]  # fmt: skip
TEMPLATES = [
    "الموية دخلت البيوت في حي {hood} بـ{city} ومحد رد علينا من {n} ساعات",
    "غرقت الشوارع في حي {hood} والبيارة طفحت، وين البلدية؟ بلاغ رقم {n}",
    "المضخة رقم {n} في حي {hood} واقفة من الصبح والمويه ترتفع",
    "تجمع مياه كبير عند إشارة حي {hood} في {city}، انتبهوا",
    "نفق طريق الملك فهد مغمور بالكامل قرب مخرج {n}، الشارع مسكر",
    "هل الدوام بكرة في مدارس {city}؟ فيه تعليق الدراسة؟",
    "متى يفتح نفق حي {hood}؟ صار لنا {n} ساعات ننتظر",
    "عاجل: انهيار سد وادي {city} وعلى سكان حي {hood} الإخلاء فورا، انشروها",
    "أقترح تركيب مضخات إضافية في حي {hood} قبل الموسم الجاي",
    "Water is in my house near {hood} in {city}, report {n}. No one answered.",
    "Is school open tomorrow in {city}? The underpass near exit {n} is flooded.",
    "الأَمْطَارُ غَزِيرَةٌ جِدًّا فِي {city} وَالطُّرُقُ مُغْلَقَةٌ قُرْبَ حَيِّ {hood}",
    "الله يستر، السيول في {city} قويييية والشارع رقم ٣{n} مقفل",
]


def messages(count: int, seed: int = 20261126) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield rng.choice(TEMPLATES).format(
            hood=rng.choice(HOODS), city=rng.choice(CITIES), n=rng.randrange(1, 400)
        )


QUERIES = [
    "مدارس", "المدارس", "امطار", "الأمطار", "غرقت", "مضخه", "نفق", "انهيار سد", "الدوام",
    "الفيصليه", "school", "underpass", "٣", "البيارة", "الإخلاء", "مغلقه", "السيول",
    "حي الراكة", "تعليق الدراسه", "الشارع مسكر",
]  # fmt: skip
