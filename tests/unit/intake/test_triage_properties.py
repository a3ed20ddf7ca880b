"""Any text at all: tokens, shingles, bands, rules and tone are total (never raise, never
hang), deterministic, and a link is never a word."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.intake.arrival_triage import first_triage
from crisisdesk.intake.parsers.base import IncomingMessage
from crisisdesk.intake.shingles import shingle_strings, shingles, tokenise
from crisisdesk.intake.similarity import band_keys, resemblance
from crisisdesk.intake.tagging import Tagger
from crisisdesk.playbooks import find_playbook
from crisisdesk.text.normalise import normalise
from crisisdesk.text.tone import TONES, score_tone

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
ANY = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
MIXED = st.text(st.one_of(ARABIC, st.characters()), max_size=400)
TAGGER = Tagger(find_playbook("flood-urban"))


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY, MIXED))
def test_everything_is_total_on_any_text(text: str) -> None:
    tokens = tokenise(text)
    assert all(" " not in w for w in tokens.words)
    keys = band_keys(text)
    assert keys == band_keys(text)
    assert all(len(k) <= 40 for k in keys)
    assert 0.0 <= resemblance(shingles(text), shingles(text + " x")) <= 1.0
    assert score_tone(text).tone in TONES
    TAGGER.tag(normalise(text))
    message = IncomingMessage("whatsapp", "p", None, None, datetime(2026, 1, 1, tzinfo=UTC), text)
    row = first_triage(message, normalise(text), [], TAGGER)
    assert row["needs_answer"] == (row["response_due"] is not None)


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789"), min_size=1, max_size=10),
    st.text(ARABIC, max_size=60),
)
def test_a_link_is_never_a_word(slug: str, text: str) -> None:
    post = f"{text} https://t.co/{slug} {text}"
    tokens = tokenise(post)
    assert not {"https", "http", "t", "co"} & set(tokens.words)
    assert not any(s.startswith("w:") and "co " in s for s in shingle_strings(tokens))


def test_a_million_character_token_is_handled() -> None:
    text = "ا" * 1_000_000 + " سيول " + "https://t.co/" + "a" * 500_000
    assert score_tone(text).tone in TONES
    assert band_keys(text) == band_keys(text)
