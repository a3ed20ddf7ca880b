"""How well a playbook's watch-word rules tag rumours: precision and recall of the rumour
tag on labelled messages, and the share of everyday messages tagged rumour or critical.

Shared by the tests and ``bench/triage_quality.py`` so both print the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from crisisdesk.intake.tagging import Tagger
from crisisdesk.text.normalise import normalise


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    source: str
    rumour: bool


@dataclass(frozen=True, slots=True)
class RumourScore:
    precision: float
    recall: float
    true_positive: int
    false_positive: int
    false_negative: int

    def to_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "tp": self.true_positive,
            "fp": self.false_positive,
            "fn": self.false_negative,
        }


def rumour_score(tagger: Tagger, messages: Iterable[Labelled]) -> RumourScore:
    tp = fp = fn = 0
    for message in messages:
        tag = tagger.tag(normalise(message.text), source=message.source)
        said = tag is not None and tag.category == "rumour"
        if said and message.rumour:
            tp += 1
        elif said:
            fp += 1
        elif message.rumour:
            fn += 1
    return RumourScore(
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        true_positive=tp,
        false_positive=fp,
        false_negative=fn,
    )


def alarm_share(tagger: Tagger, texts: Iterable[str], source: str = "public") -> float:
    """Share of messages tagged rumour or critical (everyday traffic should stay near 0)."""
    total = hits = 0
    for text in texts:
        total += 1
        tag = tagger.tag(normalise(text), source=source)
        if tag is not None and (tag.category == "rumour" or tag.priority == "critical"):
            hits += 1
    return hits / total if total else 0.0


__all__ = ["Labelled", "RumourScore", "alarm_share", "rumour_score"]
