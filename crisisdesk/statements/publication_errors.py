"""A publication's error line in Arabic, for the Arabic screen.

The stored line stays English (the command line and the log show it too). Its frames are
written by CrisisDesk (``not sent: …``, ``outcome unknown: …``, ``HTTP 503: …``, a host
that cannot be reached), so each has an Arabic form here, as the decision kinds have
theirs. What came from elsewhere — a server's own error text, a host name, a user name, a
note — is kept exactly, isolated (FSI … PDI) so it cannot turn the line's direction. A line
no rule knows is shown as it is, isolated: never guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_FSI, _PDI = "\u2068", "\u2069"

Keep = Callable[[str], str]
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], Keep], str]]


def isolated(text: str) -> str:
    """``text`` in its own direction inside an Arabic line."""
    return f"{_FSI}{text}{_PDI}"


def _rule(pattern: str, arabic: Callable[[re.Match[str], Keep], str]) -> Rule:
    return re.compile(pattern + r"\Z", re.DOTALL), arabic


# whole frames around a reason; the reason is translated in turn
_FRAMES: tuple[Rule, ...] = (
    _rule(r"not sent: (.*)", lambda m, k: "لم يُرسل: " + publication_error_ar(m.group(1), k)),
    _rule(
        r"outcome unknown: (.*)",
        lambda m, k: "النتيجة غير معروفة: " + publication_error_ar(m.group(1), k),
    ),
    _rule(
        r"cancelled at (\S+): the statement changed",
        lambda m, k: f"أُلغي في {k(m.group(1) or '')}: تغيّر البيان",
    ),
    _rule(r"cancelled: (.*)", lambda m, k: "أُلغي: " + publication_error_ar(m.group(1), k)),
    _rule(
        r"did not go out \(checked on the channel by (.*?)\)(?:: (.*))?",
        lambda m, k: (
            f"لم يُنشر (تحقّق من القناة {k(m.group(1) or '')})"
            + (f": {k(m.group(2) or '')}" if m.group(2) else "")
        ),
    ),
)

# reasons CrisisDesk writes itself
_REASONS: tuple[Rule, ...] = (
    _rule(r"incident (\d+) is closed", lambda m, k: f"الحادثة {m.group(1)} مغلقة"),
    _rule(r"its incident is closed", lambda m, k: "الحادثة مغلقة"),
    _rule(r"the incident was closed", lambda m, k: "أُغلقت الحادثة"),
    _rule(r"it was rejected", lambda m, k: "رُفض البيان"),
    _rule(r"it was superseded by a newer statement", lambda m, k: "استُبدل البيان ببيان أحدث"),
    _rule(r"it is (\w+), not approved", lambda m, k: f"البيان غير معتمد ({k(m.group(1) or '')})"),
    _rule(
        r"version (\d+) was edited after approval \(latest is (\d+)\)",
        lambda m, k: f"عُدّل الإصدار {m.group(1)} بعد الاعتماد (الأحدث {m.group(2)})",
    ),
    _rule(
        r"version (\d+) has no approval bound to its text",
        lambda m, k: f"لا يوجد اعتماد مطابق لنص الإصدار {m.group(1)}",
    ),
    _rule(
        r"a later repeat \(#(\d+)\) replaces it",
        lambda m, k: f"يحل محله تكرار لاحق (رقم {m.group(1)})",
    ),
    _rule(
        r"HTTP (\d{3}) without an id in the reply",
        lambda m, k: f"ردّ الخادم HTTP {m.group(1)} دون رقم للمنشور",
    ),
    _rule(
        r"HTTP (\d{3})(?:: (.*))?",
        lambda m, k: (
            f"رفض الخادم الطلب (HTTP {m.group(1)})"
            + (f": {k(m.group(2) or '')}" if m.group(2) else "")
        ),
    ),
    _rule(
        r"the reply was too large to read \((.*)\)",
        lambda m, k: f"الرد أكبر من أن يُقرأ ({k(m.group(1) or '')})",
    ),
    _rule(
        r"(.+?): connection broke while reading \((.*)\)",
        lambda m, k: (
            f"{k(m.group(1) or '')}: انقطع الاتصال أثناء قراءة الرد ({k(m.group(2) or '')})"
        ),
    ),
    _rule(
        r"(.+?): TLS verification failed \((.*)\)",
        lambda m, k: f"{k(m.group(1) or '')}: فشل التحقق من شهادة الخادم ({k(m.group(2) or '')})",
    ),
    _rule(
        r"(.+?): could not connect in time",
        lambda m, k: f"{k(m.group(1) or '')}: تعذّر الاتصال في الوقت المحدد",
    ),
    _rule(
        r"(.+?): cannot connect \((.*)\)",
        lambda m, k: f"{k(m.group(1) or '')}: تعذّر الاتصال ({k(m.group(2) or '')})",
    ),
    _rule(r"empty post", lambda m, k: "منشور فارغ"),
    _rule(
        r"post weighs (\d+) of (\d+)",
        lambda m, k: f"طول المنشور {m.group(1)} والحد {m.group(2)}",
    ),
    _rule(
        r"message is (\d+) characters; WhatsApp allows (\d+)",
        lambda m, k: f"الرسالة {m.group(1)} حرفًا وواتساب يسمح بـ {m.group(2)}",
    ),
    _rule(
        r"template parameter is (\d+) characters; a template body allows (\d+)",
        lambda m, k: f"متغير القالب {m.group(1)} حرفًا ونص القالب يسمح بـ {m.group(2)}",
    ),
)


def publication_error_ar(line: str, keep: Keep = isolated) -> str:
    """The Arabic form of a stored publication error line (see the module docstring);
    ``keep`` shows each piece that came from elsewhere (the screen makes it safe text)."""
    for pattern, arabic in _FRAMES + _REASONS:
        match = pattern.match(line)
        if match is not None:
            return arabic(match, keep)
    return keep(line)
