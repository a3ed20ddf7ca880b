"""Everyday public traffic, written for the exercise: what reaches the Amanah on a quiet day.

Potholes, street lights, rubbish collection, permits, the Balady app: the noise in which the
room must find the crisis signal. Places are districts of Dammam, Khobar, Dhahran and Qatif.
"""

from __future__ import annotations

import random

DISTRICTS = (
    "حي الفيصلية", "حي الشاطئ", "حي الريان", "حي العزيزية", "حي الثقبة", "حي الراكة",
    "حي الجلوية", "حي البادية", "حي الدوحة", "حي القصور", "حي الجوهرة", "حي المزروعية",
)  # fmt: skip
_EVERYDAY_AR = (
    "في حفرة كبيرة في الشارع العام عند {place} ممكن أحد يشوفها",
    "إنارة الشارع طافية من أسبوع في {place}",
    "متى يمرون ياخذون النفايات؟ الحاويات مليانة في {place}",
    "كيف أجدد رخصة المحل عن طريق تطبيق بلدي؟",
    "شكراً للأمانة على تشجير الممشى في {place} 🌴",
    "أرصفة {place} تحتاج صيانة، الكبار في السن يتعبون",
    "في سيارة مهملة من شهرين قدام بيتنا في {place}",
    "الحديقة في {place} تحتاج دورات مياه نظيفة",
    "وش رقم البلاغات؟ عندي ملاحظة على مطب جديد في {place}",
    "أقترح تسوون ممر مشاة عند المدرسة في {place}",
    "محل يبيع بدون لوحة في {place}",
    "الكلاب الضالة كثرت في {place} الله يعافيكم",
    "تم حل البلاغ حقي بسرعة، شكراً لكم",
    "هل فيه مواعيد لمراجعة البلدية يوم الخميس؟",
)  # fmt: skip
_EVERYDAY_EN = (
    "Street light out near my building in {place_en}, reported twice on Balady.",
    "How do I renew a shop licence online?",
    "Thanks for fixing the road in {place_en} so quickly.",
)
_EVERYDAY_UR = ("{place_en} میں سڑک پر بڑا گڑھا ہے، براہ کرم مرمت کریں",)
_PLACES_EN = ("Al Faisaliyah", "Al Shati", "Al Rayyan", "Al Aziziyah", "Thuqbah", "Al Rakah")


def everyday(rng: random.Random) -> tuple[str, str]:
    """One everyday message and its persona (an expatriate writes in English or Urdu)."""
    roll = rng.random()
    if roll < 0.08:
        template, persona = rng.choice(_EVERYDAY_EN), "expatriate"
    elif roll < 0.1:
        template, persona = rng.choice(_EVERYDAY_UR), "expatriate"
    else:
        template, persona = rng.choice(_EVERYDAY_AR), "resident"
    text = template.format(place=rng.choice(DISTRICTS), place_en=rng.choice(_PLACES_EN))
    return text, persona


__all__ = ["DISTRICTS", "everyday"]
