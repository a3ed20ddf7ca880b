"""A readable per-language, word-level diff between two versions of a statement.

The spokesperson approves exact text; when a statement changes after review they need
to see *which words* changed in each language, not a line diff of a paragraph. Words
are split on white space with the spaces kept as tokens, so joining the tokens of
either side gives back that side's text exactly (Arabic included; no shaping or
reordering is involved at this level).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["DiffOp", "LanguageDiff", "diff_statement", "diff_text", "format_diff"]

OpKind = Literal["equal", "insert", "delete", "replace"]
_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class DiffOp:
    """One run of the diff: ``old`` text replaced by ``new`` text (either may be empty)."""

    op: OpKind
    old: str
    new: str


@dataclass(frozen=True)
class LanguageDiff:
    """The diff of one language's text."""

    lang: str
    ops: tuple[DiffOp, ...]

    @property
    def changed(self) -> bool:
        return any(op.op != "equal" for op in self.ops)

    @property
    def old_text(self) -> str:
        return "".join(op.old for op in self.ops)

    @property
    def new_text(self) -> str:
        return "".join(op.new for op in self.ops)

    def to_data(self) -> dict[str, object]:
        return {
            "lang": self.lang,
            "changed": self.changed,
            "ops": [{"op": o.op, "old": o.old, "new": o.new} for o in self.ops],
        }


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_text(old: str, new: str, lang: str = "") -> LanguageDiff:
    """Word-level diff of two texts; white-space-only changes show as their own runs."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append(DiffOp(tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return LanguageDiff(lang, tuple(ops))


def diff_statement(
    old: Mapping[str, str], new: Mapping[str, str], langs: tuple[str, ...] = ("ar", "en")
) -> dict[str, LanguageDiff]:
    """Per-language diffs between two versions' texts (a missing language counts as empty)."""
    return {lang: diff_text(old.get(lang, ""), new.get(lang, ""), lang) for lang in langs}


def format_diff(diff: LanguageDiff | Mapping[str, LanguageDiff]) -> str:
    """Plain-text rendering: ``[-removed-]`` and ``{+added+}`` inline, one block per language.

    The markers are ASCII so they read the same inside Arabic text in a terminal.
    """
    if isinstance(diff, LanguageDiff):
        return _format_one(diff)
    blocks = []
    for lang, one in diff.items():
        status = "changed" if one.changed else "unchanged"
        blocks.append(f"--- {lang} ({status})\n{_format_one(one)}")
    return "\n".join(blocks)


def _format_one(diff: LanguageDiff) -> str:
    parts: list[str] = []
    for op in diff.ops:
        if op.op == "equal":
            parts.append(op.old)
            continue
        if op.old:
            parts.append(f"[-{op.old}-]")
        if op.new:
            parts.append(f"{{+{op.new}+}}")
    return "".join(parts)
