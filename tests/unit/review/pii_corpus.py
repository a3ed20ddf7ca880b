"""A corpus of personal data in the forms people write it (issue 14, point 2, and more), and
of ordinary text that must come through masking unchanged.

Each planted item is (detector, text, secrets): after masking, none of ``secrets`` may be
found in the text (numbers are compared digit for digit, whatever the script and the
separators; names as folded words).
"""

from __future__ import annotations

PLANTED: list[tuple[str, str, tuple[str, ...]]] = [
    # phones: the eight reported survivors first
    ("phone", "جوالي0551230116", ("0551230116",)),
    ("phone", "0551230117شكرا", ("0551230117",)),
    ("phone", "رقمي_0551230119", ("0551230119",)),
    ("phone", "اتصلوا على 055\u00a0123\u00a00122", ("0551230122",)),
    ("phone", "رقم الطوارئ ٠٥٥–١٢٣–٠١٣٥ للاستفسار", ("0551230135",)),
    ("phone", "هاتف المنزل (055) 1230109", ("0551230109",)),
    ("phone", "call me 055 123 0110 please", ("0551230110",)),
    ("phone", "whatsapp +966 55 123 0111", ("551230111",)),
    ("phone", "00966551230112 هذا رقمي", ("551230112",)),
    ("phone", "٠٥٥١٢٣٠١١٣", ("0551230113",)),
    ("phone", "۰۵۵۱۲۳۰۱۱۴ فارسی", ("0551230114",)),
    ("phone", "055-123-0115", ("0551230115",)),
    ("phone", "055.123.0118", ("0551230118",)),
    ("phone", "+966-55-123-0120", ("551230120",)),
    ("phone", "966551230121", ("551230121",)),
    ("phone", "551230123 بدون صفر", ("551230123",)),
    ("phone", "0551230124/0551230125", ("0551230124", "0551230125")),
    ("phone", "tel:+966551230126", ("551230126",)),
    ("phone", "٠٥٥ ١٢٣ ٠١٢٧", ("0551230127",)),
    ("phone", "055\u2009123\u20090128", ("0551230128",)),
    ("phone", "055\u2014123\u20140129", ("0551230129",)),
    ("phone", "055\u2212123\u22120130", ("0551230130",)),
    ("phone", "\u200f0551230131\u200f", ("0551230131",)),
    ("phone", "هاتف الرياض 011 4567890", ("0114567890",)),
    ("phone", "+44 20 7946 0958 (London)", ("2079460958",)),
    ("phone", "+1 (212) 555-0199", ("2125550199",)),
    ("phone", "رقمي:0551230132", ("0551230132",)),
    ("phone", "0551230133.", ("0551230133",)),
    ("phone", "#0551230134", ("0551230134",)),
    ("phone", "الرقم 05 51 23 01 36 ", ("0551230136",)),
    # national and iqama IDs
    ("id", "رقم الهوية 1098765432", ("1098765432",)),
    ("id", "إقامة رقم ٢٠٩٨٧٦٥٤٣٢", ("2098765432",)),
    ("id", "هويتي_1012345678 والسلام", ("1012345678",)),
    ("id", "ID: 1 0 9 8 7 6 5 4 3 1", ("1098765431",)),
    # IBANs
    ("iban", "IBAN SA03 8000 0000 6080 1016 7519", ("80000000608010167519",)),
    ("iban", "حولوا على SA0380000000608010167519 شكرا", ("80000000608010167519",)),
    ("iban", "sa44 2000 0001 2345 6789 1234", ("20000001234567891234",)),
    # e-mails and WhatsApp ids
    ("email", "راسلوني على omar.k@example.com", ("omar.k@example.com", "omar.k")),
    ("email", "بريدي_fatima.z+news@mail.example.sa", ("fatima.z", "mail.example.sa")),
    ("email", "966551230140@s.whatsapp.net", ("551230140",)),
    ("email", "<salem@example.org>", ("salem@example.org",)),
    # handles and profile URLs
    ("handle", "شكرا @user1007 على التنبيه", ("user1007",)),
    ("handle", "@saud_alqahtani يقول إن السد انهار", ("saud_alqahtani",)),
    ("handle", "(@Ahmad.Z)", ("Ahmad.Z",)),
    ("profile", "https://x.com/someone123/status/1", ("someone123",)),
    ("profile", "شوفوا instagram.com/flood_witness", ("flood_witness",)),
    ("profile", "http://www.facebook.com/profile.php?id=100012345", ("100012345",)),
    ("profile", "wa.me/966551230141", ("551230141",)),
    ("profile", "t.me/dammam_rain", ("dammam_rain",)),
    # names: clitics, article, kunyas, never-authors, Latin
    ("name", "اتصلت بمحمد … القحطاني أمس", ("محمد", "القحطاني")),
    ("name", "وللقحطاني بيت هنا", ("القحطاني",)),
    ("name", "Faisal Al-Shehri saw the water", ("Faisal", "Shehri")),
    ("name", "منزل أبو سعيد غرق", ("سعيد",)),
    ("name", "أم خالد محتجزة في البيت", ("خالد",)),
    ("name", "فاطمة الزهراني وأختها", ("فاطمة", "الزهراني")),
    ("name", "عبد الرحمن الغامدي يطلب المساعدة", ("الرحمن", "الغامدي")),
    ("name", "عبدالله بن سالم العتيبي", ("عبدالله", "سالم", "العتيبي")),
    ("name", "أخبرني سعود أن الشارع مغلق", ("سعود",)),
    ("name", "Mohammed Al Qahtani called", ("Mohammed", "Qahtani")),
    ("name", "the family of Noura al-Dossary", ("Noura", "Dossary")),
    ("name", "ونورة وسارة في الطابق الثاني", ("نورة", "سارة")),
    ("name", "كلمت خالد", ("خالد",)),
    ("name", "أبو فهد يقول", ("فهد",)),
    ("name", "مُحَمَّد العُتَيْبِي", ("العتيبي",)),
    ("name", "اسمي ريان وأسكن في الحي", ("ريان",)),
    ("name", "السيد جابر المحمدي ينتظر", ("جابر", "المحمدي")),
    ("name", "محمد الفلاني عالق", ("الفلاني",)),
    ("name", "Mr. Ryan Peterson was rescued", ("Ryan", "Peterson")),
    ("name", "Faisal Smith called twice", ("Smith",)),
]

# Ordinary text, and staff-like text, that masking must leave exactly as it is.
UNCHANGED: list[str] = [
    "طريق الملك سعود مغلق",
    "مستشفى الملك فهد يستقبل المصابين",
    "Prince Mohammed bin Fahd Street is closed",
    "King Fahd Road",
    "الحمد لله على السلامة",
    "السد سليم ولا صحة للشائعة",
    "هل انهار السد أم لا؟",
    "بين 2020-2026 تكررت السيول",
    "الموعد 2026-12-03T07:25:00.000000Z",
    "التاريخ 03/12/2026 والساعة 10:30",
    "1446/06/12 هـ",
    "تبرع بمبلغ 1,500,000 ريال",
    "#سيول_الدمام",
    "الجميع سالم والحمد لله",
    "أمل كبير في التحسن",
    "ابوظبي وأبو ظبي",
    "على الطريق",
    "درجة الحرارة 45.5",
    "رقم البلاغ 12345",
    "الدفاع المدني في الموقع",
    "Civil Defence is on site",
    "اسمي لا يهم",
]
