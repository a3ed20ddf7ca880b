"""The filters a statement template uses to write counts in correct Arabic and English.

``{{ teams_count|ar_count("فريق", "فريقان", "فرق") }}`` gives ``فريق واحد``, ``فريقان``,
``٣ فرق``, ``١١ فريقًا`` or ``١٠٠ فريق``; ``{{ teams_count|en_count("team", "teams") }}``
gives ``1 team`` or ``5 teams``; ``{{ n|ar_digits }}`` writes a number in Arabic-Indic digits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crisisdesk.text.arabic_grammar import ar_count, arabic_digits, en_count

__all__ = ["grammar_filters"]


def grammar_filters() -> dict[str, Callable[..., Any]]:
    """Name → function, for the sandbox's filter table."""
    return {"ar_count": ar_count, "en_count": en_count, "ar_digits": arabic_digits}
