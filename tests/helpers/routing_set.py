"""The labelled routing set: realistic messages of a flood across the Eastern Province, each
with the unit a person in the room would route it to.

Most are built from complaint templates seen in municipal traffic (Gulf Arabic and MSA, some
English) and a place of one unit written the way people type it: without hamza, ة as ه, ى as
ي, tatweel, fused clitics (بـ، و، لل), Latin spellings; some carry only a location pin; some
name no place (the centre); a hand-written part holds the hard cases (two units named, "the
news", places the gazetteer lacks). ``python -m tests.helpers.routing_set`` rewrites the file.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from crisisdesk.network.units import default_units

PATH = Path(__file__).resolve().parents[1] / "data" / "network" / "routing_set.jsonl"

TEMPLATES_AR = [
    "تجمع مياه كبير في {p} والسيارات عالقة",
    "يا أمانة الشرقية {p} غرقت من المطر ولا أحد جا",
    "انقطاع الكهرباء في {p} من ساعتين",
    "النفق عند {p} مغمور بالكامل انتبهوا",
    "متى يتم شفط المياه من شوارع {p}؟",
    "الصرف الصحي طافح في {p} والريحة لا تطاق",
    "هل المدارس في {p} معلقة بكرة؟",
    "بيتنا في {p} دخله الماء نحتاج مساعدة عاجلة",
    "شاحنات الشفط ما وصلت {p} للحين",
    "الإشارة معطلة عند {p} والزحمة خانقة",
    "شكرًا لفرق الأمانة على سرعة الاستجابة في {p}",
    "أعمدة الإنارة طايحة في {p} خطر على الناس",
    "مقطع متداول لانهيار جسر في {p} هل هو صحيح؟",
    "الشارع العام في {p} مقفول بسبب الأمطار",
    "حفرة كبيرة انفتحت بعد المطر {pb}",
    "المياه وصلت للركب {pb} الله يستر",
    "أهالي {p} يطالبون بسرعة تصريف المياه",
    "{p}: مياه الأمطار محاصرة المنازل",
]
TEMPLATES_EN = [
    "Severe flooding in {p}, cars are stuck",
    "Is the road to {p} open now?",
    "Power cut in {p} for two hours already",
    "Sewage overflowing near {p}, please send a team",
    "Thank you Amanah teams for the quick response in {p}",
]
NO_PLACE = [
    "متى تتوقف الأمطار؟",
    "هل الدوام بكرة حضوري؟",
    "الله يحفظكم ويعطيكم العافية على جهودكم",
    "وش رقم الطوارئ للأمانة؟",
    "هذا الخبر غير صحيح ولا تنشروه",
    "لا صحة للخبر المتداول عن انهيار السد",
    "Is there a hotline for flood reports?",
    "نبي تحديث عن حالة الطرق",
    "الخبر اللي ينتشر عن إغلاق المطار كذب؟",
    "وين أبلغ عن تسرب مياه؟",
]
# Hand-written hard cases: (text, expected unit)
HARD = [
    ("أمطار غزيرة على الدمام والخبر والناس محتارة", "amanah"),
    ("سيول الدمام وصلت إلى الراكة الجنوبية", "khobar"),
    ("انتشر الخبر بين أهالي سيهات عن انقطاع المياه", "qatif"),
    ("في الخبر الشوارع كلها بحيرات", "khobar"),
    ("من الخبر للدمام الطريق واقف", "amanah"),
    ("ممشى كورنيش الدمام تحت الماء", "dammam"),
    ("شاطئ نصف القمر مغلق؟", "dhahran"),
    ("جسر الملك فهد فيه زحمة بسبب المطر", "khobar"),
    ("ميناء الملك عبدالعزيز أوقف العمل؟", "dammam"),
    ("في عنك الماء دخل البيوت", "qatif"),
    ("اهالي تاروت محاصرين", "qatif"),
    ("مصفاة راس تنوره فيها تسرب؟", "ras_tanura"),
    ("طريق الجبيل الصناعية مغلق", "jubail"),
    ("الخفجي ما فيها مطر الحمد لله", "khafji"),
    ("ابقيق فيها عاصفة ترابية", "buqayq"),
    ("ضاحيه الملك فهد غرقانه", "dammam"),
    ("حي الشاطئ الغربي كله مويه", "dammam"),
    ("Flooding at KFUPM gate", "dhahran"),
    ("Half Moon Bay road closed?", "dhahran"),
    ("شارع الظهران الخبر السريع واقف", "amanah"),
    ("تجمعات مياه في حي المحمدية", "amanah"),  # a district the gazetteer lacks: not routed
    ("الشوارع في القطيف والجش غرقانة", "qatif"),
    ("مليجه والصرار انقطعت عنهم الكهرباء", "nairiyah"),
    ("العقربيه والثقبه فيها مياه", "khobar"),
    ("مدينة العمال غرقت", "khobar"),
]
CENTRES = {
    "dammam": (26.42, 50.09), "khobar": (26.28, 50.21), "dhahran": (26.29, 50.11),
    "qatif": (26.56, 50.01), "jubail": (27.01, 49.65), "ras_tanura": (26.70, 50.15),
    "khafji": (28.43, 48.50), "nairiyah": (27.47, 48.48), "buqayq": (25.93, 49.67),
    "qaryat_al_ulya": (27.55, 47.70),
}  # fmt: skip


def _variant(rng: random.Random, name: str) -> str:
    """``name`` typed the way people type it."""
    out = name
    if rng.random() < 0.5:
        out = out.replace("أ", "ا").replace("إ", "ا")
    if rng.random() < 0.4:
        out = out.replace("ة", "ه")
    if rng.random() < 0.3:
        out = out.replace("ى", "ي")
    if rng.random() < 0.1 and len(out) > 3:
        out = out[:2] + "ـ" + out[2:]
    return out


def build(seed: int = 19) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for spec in default_units():
        places = [p.lstrip("^~") for p in spec["places"]]
        if not places:
            continue
        arabic = [p for p in places if not p.isascii()]
        latin = [p for p in places if p.isascii()]
        for _ in range(30):
            name = _variant(rng, rng.choice(arabic))
            template = rng.choice(TEMPLATES_AR)
            prep = rng.choice(["ب", "في "])
            fused = prep + name if prep == "ب" and name.startswith("ال") else f"في {name}"
            rows.append({"text": template.format(p=name, pb=fused), "unit": spec["code"],
                         "kind": "place"})  # fmt: skip
        for _ in range(4 if latin else 0):
            rows.append({"text": rng.choice(TEMPLATES_EN).format(p=rng.choice(latin)),
                         "unit": spec["code"], "kind": "place"})  # fmt: skip
        if spec["code"] in CENTRES:
            lat, lon = CENTRES[spec["code"]]
            for _ in range(3):
                rows.append({
                    "text": "", "unit": spec["code"], "kind": "pin",
                    "location": {"latitude": round(lat + rng.uniform(-0.02, 0.02), 5),
                                 "longitude": round(lon + rng.uniform(-0.02, 0.02), 5)},
                })  # fmt: skip
    for text in NO_PLACE:
        rows.append({"text": text, "unit": "amanah", "kind": "none"})
    for text, unit in HARD:
        rows.append({"text": text, "unit": unit, "kind": "hard"})
    return rows


def load() -> list[dict[str, object]]:
    with PATH.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


if __name__ == "__main__":
    PATH.parent.mkdir(parents=True, exist_ok=True)
    with PATH.open("w", encoding="utf-8") as out:
        for row in build():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(build())} messages to {PATH}")
