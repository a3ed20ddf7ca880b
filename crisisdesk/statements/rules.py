"""The playbook's statement rules and the channels' length limits as one checklist.

The spokesperson sees this checklist before approving; a failed item blocks approval
unless an override reason is recorded, so each item must be exact and explain itself.

Channel limits, as the platforms document them:

* **X** (twitter-text v3 configuration): 280 weighted units; code points U+0000-U+10FF
  (Latin, Arabic, Hebrew ...) and a few punctuation ranges weigh 1, everything else
  (CJK, most symbols) weighs 2; an emoji, including a ZWJ sequence, weighs 2; any URL
  weighs 23 whatever its length; text is NFC-normalised before counting.
* **SMS**: GSM-7 (with its extension table costing two septets per character) gives
  160 septets in one message, 153 per part of a concatenated one; any character outside
  GSM-7 (Arabic) switches the whole message to UCS-2: 70 UTF-16 units, 67 per part.
* **WhatsApp** Cloud API: a text message body up to 4096 characters; a message-template
  body up to 1024 characters, and a template parameter may not contain new lines, tabs
  or more than four consecutive spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from crisisdesk.text.normalise import FORMAT_RANGES, normalise

__all__ = [
    "SMS_MAX_SEGMENTS",
    "WHATSAPP_TEMPLATE_BODY_MAX",
    "WHATSAPP_TEXT_MAX",
    "X_MAX_WEIGHTED",
    "Checklist",
    "RuleResult",
    "SmsInfo",
    "channel_checks",
    "check_statement",
    "normalise_for_matching",
    "sms_info",
    "whatsapp_param_problem",
    "x_weighted_length",
]

X_MAX_WEIGHTED = 280
X_URL_WEIGHT = 23
WHATSAPP_TEXT_MAX = 4096
WHATSAPP_TEMPLATE_BODY_MAX = 1024
SMS_MAX_SEGMENTS = 10

RuleKind = Literal["forbidden", "required", "channel", "invisible", "language"]
LANGS: tuple[str, str] = ("ar", "en")


@dataclass(frozen=True)
class RuleResult:
    """One checklist line: what was checked, whether it passed, and why (both languages)."""

    id: str
    kind: RuleKind
    label_ar: str
    label_en: str
    passed: bool
    detail: str
    detail_ar: str = ""
    lang: str | None = None

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_en


@dataclass(frozen=True)
class Checklist:
    """All rule results for one bilingual text."""

    results: tuple[RuleResult, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    def to_data(self) -> list[dict[str, object]]:
        """JSON-able form for the CLI (``--json``) and the decision log."""
        return [
            {
                "id": r.id,
                "kind": r.kind,
                "label": {"ar": r.label_ar, "en": r.label_en},
                "passed": r.passed,
                "detail": r.detail,
                "detail_ar": r.detail_ar,
                "lang": r.lang,
            }
            for r in self.results
        ]


# -- playbook rule shapes (crisisdesk.playbooks.model satisfies these) -------------


class _Bilingual(Protocol):
    @property
    def ar(self) -> str: ...
    @property
    def en(self) -> str: ...


class _Forbidden(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def reason(self) -> _Bilingual: ...


class _Required(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def label(self) -> _Bilingual: ...
    @property
    def ar(self) -> Sequence[str]: ...
    @property
    def en(self) -> Sequence[str]: ...

    def applies_to(self, kind: str) -> bool: ...


class _Rules(Protocol):
    @property
    def forbidden(self) -> Sequence[_Forbidden]: ...
    @property
    def required(self) -> Sequence[_Required]: ...


# -- matching ---------------------------------------------------------------------


def normalise_for_matching(text: str) -> str:
    """Fold what writers vary without changing meaning, with the one search normalisation
    (case, diacritics, tatweel, hamza/alef/yeh/teh-marbuta forms, digits, white space)."""
    return normalise(text)


_INVISIBLE = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in FORMAT_RANGES) + "]"
)


def _invisible_found(text: str) -> list[str]:
    """Zero-width and bidi controls in ``text``, by name (a ZWJ inside an emoji is fine)."""
    from crisisdesk.text.display import marker, visible_controls

    found: list[str] = []
    for match in _INVISIBLE.finditer(text):
        i, ch = match.start(), match.group()
        if ch == "\u200d" and 0 < i < len(text) - 1 and _emoji_part(text[i - 1], text[i + 1]):
            continue  # the joiner of an emoji sequence such as a family
        shown = visible_controls(ch)
        found.append(shown[1:-1] if shown.startswith(marker("")[:1]) else f"U+{ord(ch):04X}")
    return found


def _emoji_part(*chars: str) -> bool:
    return all(unicodedata.category(c) in ("So", "Sk") or c == "\ufe0f" for c in chars)


def _hits(folded: str, phrase: str, hidden: bool) -> bool:
    """``phrase`` in the folded text (controls already removed). When the text hid
    controls, a control may have stood for a space (``no\u200bcomment``, ``لا\u200cتعليق``),
    so the phrase is also sought with its spaces gone."""
    if _contains(folded, phrase):
        return True
    return hidden and " " in phrase.strip() and _contains(folded, "".join(phrase.split()))


def _contains(text: str, phrase: str) -> bool:
    """Arabic phrases match inside words (attached prefixes like و/ال); others on words."""
    needle = normalise_for_matching(phrase)
    if not needle:
        return False
    if re.search("[\u0600-\u06ff]", needle):
        return needle in text
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", text) is not None


def check_statement(
    texts: Mapping[str, str],
    rules: _Rules | None,
    *,
    kind: str | None = None,
    channels: Iterable[str] = (),
    whatsapp_template: bool = False,
) -> Checklist:
    """Check a bilingual statement against the playbook rules and each channel's limits.

    ``kind`` filters required elements that apply to some statement kinds only;
    ``whatsapp_template`` checks the template-message limits instead of the text ones.
    """
    folded = {lang: normalise_for_matching(texts.get(lang, "")) for lang in LANGS}
    hidden_in: dict[str, bool] = {}
    results: list[RuleResult] = []
    for lang in LANGS:
        hidden = _invisible_found(texts.get(lang, ""))
        hidden_in[lang] = bool(_INVISIBLE.search(texts.get(lang, "")))
        if hidden:
            names = ", ".join(sorted(set(hidden)))
            results.append(
                RuleResult(
                    id=f"invisible:{lang}",
                    kind="invisible",
                    label_ar=f"لا محارف خفية ({_LANG_NAMES_AR[lang]})",
                    label_en=f"No invisible characters ({_LANG_NAMES[lang]})",
                    passed=False,
                    detail=f"{len(hidden)} zero-width or direction control(s): {names}; "
                    "rules were checked as if they were absent and as spaces",
                    detail_ar=f"{len(hidden)} من محارف التحكم الخفية: {names}",
                    lang=lang,
                )
            )
    if rules is not None:
        for index, rule in enumerate(rules.forbidden):
            langs = LANGS if rule.lang == "any" else (rule.lang,)
            hits = [
                lang
                for lang in langs
                if _hits(folded.get(lang, ""), rule.text, hidden_in.get(lang, False))
            ]
            results.append(
                RuleResult(
                    id=f"forbidden:{index}",
                    kind="forbidden",
                    label_ar=f"عدم استخدام «{rule.text}»",
                    label_en=f"Does not say “{rule.text}”",
                    passed=not hits,
                    detail=(
                        f"found in the {' and '.join(_LANG_NAMES[h] for h in hits)} text: "
                        f"{rule.reason.en}"
                        if hits
                        else "not found"
                    ),
                    detail_ar=(f"وردت في النص: {rule.reason.ar}" if hits else "لم ترد"),
                    lang=None if rule.lang == "any" else rule.lang,
                )
            )
        for element in rules.required:
            if kind is not None and not element.applies_to(kind):
                continue
            for lang in LANGS:
                options: Sequence[str] = element.ar if lang == "ar" else element.en
                found = next((o for o in options if _contains(folded[lang], o)), None)
                results.append(
                    RuleResult(
                        id=f"required:{element.id}:{lang}",
                        kind="required",
                        label_ar=f"{element.label.ar} ({_LANG_NAMES_AR[lang]})",
                        label_en=f"{element.label.en} ({_LANG_NAMES[lang]})",
                        passed=found is not None,
                        detail=(
                            f"found “{found}”"
                            if found is not None
                            else "missing; any of: " + ", ".join(options)
                        ),
                        detail_ar=(
                            f"ورد «{found}»"
                            if found is not None
                            else "غير موجود؛ أحد: " + "، ".join(options)
                        ),
                        lang=lang,
                    )
                )
    for channel in channels:
        results.extend(channel_checks(channel, texts, whatsapp_template=whatsapp_template))
    return Checklist(tuple(results))


_LANG_NAMES = {"ar": "Arabic", "en": "English"}
_LANG_NAMES_AR = {"ar": "العربية", "en": "الإنجليزية"}


# -- channel limits -----------------------------------------------------------------


def channel_checks(
    channel: str, texts: Mapping[str, str], *, whatsapp_template: bool = False
) -> list[RuleResult]:
    """Length checks of one channel for each language text (channels without limits: none)."""
    out: list[RuleResult] = []
    for lang in LANGS:
        text = texts.get(lang, "")
        if not text:
            continue
        suffix = f" ({_LANG_NAMES[lang]})"
        suffix_ar = f" ({_LANG_NAMES_AR[lang]})"
        if channel == "x":
            weight = x_weighted_length(text)
            out.append(
                RuleResult(
                    f"channel:x:{lang}",
                    "channel",
                    "طول تغريدة X" + suffix_ar,
                    "X post length" + suffix,
                    weight <= X_MAX_WEIGHTED,
                    f"{weight} of {X_MAX_WEIGHTED} weighted characters",
                    f"{weight} من {X_MAX_WEIGHTED}",
                    lang,
                )
            )
        elif channel == "sms":
            info = sms_info(text)
            out.append(
                RuleResult(
                    f"channel:sms:{lang}",
                    "channel",
                    "طول الرسالة النصية" + suffix_ar,
                    "SMS length" + suffix,
                    info.segments <= SMS_MAX_SEGMENTS,
                    f"{info.segments} {info.encoding} part(s), {info.units} units"
                    f" (at most {SMS_MAX_SEGMENTS} parts)",
                    f"{info.segments} جزء ({info.encoding})",
                    lang,
                )
            )
        elif channel == "whatsapp":
            limit = WHATSAPP_TEMPLATE_BODY_MAX if whatsapp_template else WHATSAPP_TEXT_MAX
            what = "template body" if whatsapp_template else "message"
            problem = whatsapp_param_problem(text) if whatsapp_template else None
            size = len(text)
            ok = size <= limit and problem is None
            detail = f"{size} of {limit} characters"
            if problem:
                detail += f"; {problem}"
            out.append(
                RuleResult(
                    f"channel:whatsapp:{lang}",
                    "channel",
                    "حد واتساب" + suffix_ar,
                    f"WhatsApp {what} limit" + suffix,
                    ok,
                    detail,
                    f"{size} من {limit} حرفًا",
                    lang,
                )
            )
    return out


def whatsapp_param_problem(text: str) -> str | None:
    """Why WhatsApp would refuse ``text`` as a template parameter, or None."""
    if "\n" in text or "\r" in text or "\t" in text:
        return "a template parameter cannot contain new lines or tabs"
    if "     " in text:
        return "a template parameter cannot contain more than four consecutive spaces"
    return None


# X: twitter-text v3 ranges that weigh 100 (1 character); anything else weighs 200.
_X_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_URL = re.compile(
    r"(?:https?://[^\s]+)"
    r"|(?:(?<![\w@.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:com|net|org|gov|edu|info|io|co|me|news|sa|ae|uk|us)\b(?:/[^\s]*)?)",
    re.I,
)


def _is_emoji_base(cp: int) -> bool:
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x1F1E6 <= cp <= 0x1F1FF
        or cp in (0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D)
    )


def _x_char_weight(cp: int) -> int:
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def x_weighted_length(text: str) -> int:
    """The length X counts against 280 (see the module docstring for the rules)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    pos = 0
    for match in _X_URL.finditer(text):
        total += _x_plain_weight(text[pos : match.start()]) + X_URL_WEIGHT
        pos = match.end()
    return total + _x_plain_weight(text[pos:])


def _x_plain_weight(text: str) -> int:
    total = 0
    i = 0
    n = len(text)
    while i < n:
        cp = ord(text[i])
        nxt = ord(text[i + 1]) if i + 1 < n else -1
        if text[i] in _KEYCAP_BASES and (
            nxt == 0x20E3 or (nxt == 0xFE0F and i + 2 < n and ord(text[i + 2]) == 0x20E3)
        ):
            # A keycap (1️⃣): digit, optional VS16, combining enclosing keycap.
            i += 3 if nxt == 0xFE0F else 2
            total += 2
            continue
        if _is_emoji_base(cp) or nxt == 0xFE0F:
            # One emoji, whatever its modifiers, flag pair or ZWJ sequence: weight 2.
            # Any character asking for emoji presentation (VS16) is one too (©️, ↔️).
            j = i + 1
            if 0x1F1E6 <= cp <= 0x1F1FF and j < n and 0x1F1E6 <= ord(text[j]) <= 0x1F1FF:
                j += 1
            while j < n:
                follow = ord(text[j])
                if (
                    follow in (0xFE0F, 0xFE0E)
                    or 0x1F3FB <= follow <= 0x1F3FF
                    or 0xE0020 <= follow <= 0xE007F
                ):
                    j += 1
                elif follow == 0x200D and j + 1 < n:
                    j += 2
                else:
                    break
            total += 2
            i = j
            continue
        total += _x_char_weight(cp)
        i += 2 if nxt == 0xFE0E else 1  # text-presentation selector: no weight of its own
    return total


_KEYCAP_BASES = frozenset("0123456789#*")


# SMS: the GSM 03.38 default alphabet and its extension table.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class SmsInfo:
    """How an SMS would be sent: encoding, units used (septets or UTF-16), parts."""

    encoding: Literal["GSM-7", "UCS-2"]
    units: int
    segments: int
    per_segment: int


def sms_info(text: str) -> SmsInfo:
    """Encoding and part count, never splitting an escape pair or a surrogate pair."""
    if all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text):
        costs = [2 if c in _GSM_EXTENDED else 1 for c in text]
        return _segments("GSM-7", costs, single=160, multi=153)
    costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return _segments("UCS-2", costs, single=70, multi=67)


def _segments(
    encoding: Literal["GSM-7", "UCS-2"], costs: list[int], *, single: int, multi: int
) -> SmsInfo:
    units = sum(costs)
    if units <= single:
        return SmsInfo(encoding, units, 1 if units else 0, single)
    segments, used = 1, 0
    for cost in costs:
        if used + cost > multi:
            segments += 1
            used = 0
        used += cost
    return SmsInfo(encoding, units, segments, multi)
