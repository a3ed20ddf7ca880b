"""A hostile corpus must come out as inert plain text with every hidden control visible."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.text.display import (
    FSI,
    PDI,
    display_line,
    display_text,
    join_fields,
    marker,
    truncate,
    visible_controls,
)

BIDI_AND_INVISIBLE = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff"
)

HOSTILE = [
    "<b>bold</b> <script>alert(1)</script>",
    '<img src="file:///C:/Windows/win.ini"> <img src=file:///etc/passwd>',
    "invoice\u202egpj.exe",
    "\u2067مرحبا\u2069 abc \u2066xyz",
    "pass\u200bword\u200c\u200d\ufeff",
    "family 👨\u200d👩\u200d👧 and flag 🇸🇦",
    "bell\x07 null\x00 esc\x1b del\x7f",
]


def _inside_isolates(text: str) -> bool:
    """Every line starts with FSI, ends with PDI, and has no other bidi control."""
    for line in text.split("\n"):
        if not (line.startswith(FSI) and line.endswith(PDI)):
            return False
        inner = line[1:-1]
        if any(ch in BIDI_AND_INVISIBLE and ch != "\u200d" for ch in inner):
            return False
    return True


def test_bidi_controls_become_named_markers() -> None:
    shown = display_text("invoice\u202egpj.exe")
    assert marker("RLO") in shown
    assert "\u202e" not in shown
    for ch, name in [("\u2066", "LRI"), ("\u2067", "RLI"), ("\u200f", "RLM"), ("\u061c", "ALM")]:
        assert marker(name) in display_text(f"a{ch}b")


def test_zero_width_characters_are_visible_but_emoji_sequences_survive() -> None:
    shown = display_text("pass\u200bword")
    assert marker("ZWSP") in shown
    family = "👨\u200d👩\u200d👧"
    assert family in display_text(family)
    assert marker("ZWJ") in display_text("a\u200db")


def test_html_is_kept_as_literal_text_not_escaped_or_rendered() -> None:
    text = '<img src="file:///etc/passwd"><b>x</b>'
    shown = display_text(text)
    assert shown == f"{FSI}{text}{PDI}"  # plain text: the tags stay literal characters


def test_hostile_corpus_is_inert_and_isolated() -> None:
    for text in HOSTILE:
        shown = display_text(text)
        assert _inside_isolates(shown), repr(shown)
        assert not any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in shown)


def test_megabyte_message_is_cut_with_a_marker() -> None:
    huge = "مطر " * 262_144  # 1 MiB of characters
    shown = display_text(huge, limit=10_000)
    assert len(shown) < 10_100
    assert "characters not shown" in shown
    zero_width_bomb = "\u200b" * 1_000_000
    assert len(display_text(zero_width_bomb, limit=1000)) < 1000 * len(marker("ZWSP")) + 100


def test_multiline_text_isolates_every_line() -> None:
    shown = display_text("one\r\ntwo\u2029three")
    assert shown.count(FSI) == 2
    assert marker("PS") in shown


def test_display_line_is_single_line_and_cut() -> None:
    shown = display_line("a\nb\u202e" * 500, limit=50)
    assert "\n" not in shown and shown.endswith("…" + PDI)
    assert display_line(None) == ""


def test_join_fields_isolates_each_field() -> None:
    joined = join_fields(["\u202eevil", "مرحبا", 42])
    assert joined.count(FSI) == 3 and joined.count(PDI) == 3


def test_truncate() -> None:
    assert truncate("abc", 5) == "abc"
    assert truncate("abcdef", 3).startswith("abc…")


@given(st.text())
def test_any_text_becomes_isolated_without_live_controls(text: str) -> None:
    shown = display_text(text, limit=500)
    assert _inside_isolates(shown)
    body = visible_controls(text)
    assert "\u202e" not in body and "\u2066" not in body
