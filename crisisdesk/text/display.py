"""Bidi-safe plain text for showing untrusted strings (messages, names, subjects).

A citizen's message may carry RLO/LRI controls that reverse the text around it, zero-width
characters that hide words, HTML that a rich-text widget would render, or a megabyte of text.
These functions make the controls visible, isolate every field with FSI…PDI so it cannot
reorder its neighbours, and cut huge texts. The result is plain text, never HTML: views must
show it with a plain-text format (``Qt.PlainText``), which is what keeps tags inert.
"""

from __future__ import annotations

import unicodedata

FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate
ZWJ = "\u200d"

DEFAULT_LIMIT = 10_000

# Characters that change direction or hide themselves, shown as a named marker instead.
_NAMED = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u200c": "ZWNJ",
    "\u200d": "ZWJ",
    "\u2060": "WJ",
    "\u2061": "FA",
    "\u2062": "IT",
    "\u2063": "IS",
    "\u2064": "IP",
    "\ufeff": "BOM",
    "\u00ad": "SHY",
    "\u180e": "MVS",
    "\u034f": "CGJ",
    "\u2028": "LS",
    "\u2029": "PS",
}


def marker(name: str) -> str:
    """The visible stand-in for an invisible character, e.g. ``⟦RLO⟧``."""
    return f"⟦{name}⟧"


def _is_emoji_part(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk") or ch == "\ufe0f"


def _visible_char(text: str, i: int) -> str:
    ch = text[i]
    if (
        ch == ZWJ
        and 0 < i < len(text) - 1
        and _is_emoji_part(text[i - 1])
        and (_is_emoji_part(text[i + 1]))
    ):
        return ch  # joins an emoji sequence such as a family; harmless and expected
    name = _NAMED.get(ch)
    if name is not None:
        return marker(name)
    if ch in "\n\t":
        return ch
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    category = unicodedata.category(ch)
    if category == "Cc":
        return marker(f"U+{code:04X}")
    if category == "Cf":
        return marker(f"U+{code:04X}")
    return ch


def visible_controls(text: str) -> str:
    """``text`` with every bidi control, zero-width and control character shown as a marker."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_visible_char(text, i) for i in range(len(text)))


def truncate(text: str, limit: int = DEFAULT_LIMIT) -> str:
    """Cut ``text`` to ``limit`` characters with a marker saying how much was left out."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ⟦+{len(text) - limit:,} characters not shown⟧"


def isolate(text: str) -> str:
    """Wrap each line in FSI…PDI; a newline ends isolation, so every line needs its own pair."""
    return "\n".join(f"{FSI}{line}{PDI}" for line in text.split("\n"))


def display_text(value: object, *, limit: int = DEFAULT_LIMIT, isolated: bool = True) -> str:
    """Inert plain text for one untrusted field: cut, controls visible, isolated.

    ``None`` becomes an empty string. Cutting happens before the markers are added, so a
    megabyte of zero-width characters cannot grow past ``limit`` markers.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > limit
    shown = visible_controls(text[:limit])
    if cut:
        shown = f"{shown}… ⟦+{len(text) - limit:,} characters not shown⟧"
    return isolate(shown) if isolated else shown


def display_line(value: object, *, limit: int = 200) -> str:
    """One-line form for table cells and titles: newlines shown as ``⏎``, cut with ``…``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    head = text[:limit].replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ⏎ ")
    shown = visible_controls(head) + ("…" if len(text) > limit else "")
    return f"{FSI}{shown}{PDI}"


def join_fields(fields: list[object], separator: str = " · ") -> str:
    """Several fields on one line, each isolated so none can reorder another."""
    return separator.join(display_line(field) for field in fields)


__all__ = [
    "DEFAULT_LIMIT",
    "FSI",
    "PDI",
    "display_line",
    "display_text",
    "isolate",
    "join_fields",
    "marker",
    "truncate",
    "visible_controls",
]
