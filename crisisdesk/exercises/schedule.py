"""The timeline of one exercise run, flat: every message it will inject, at its scenario time.

A message inject with ``copies`` spreads its varied copies evenly (with jitter) over its
span; a rumour wave starts slowly, bursts and tails off (a logistic curve), as rumours do;
background traffic arrives at its rate as a Poisson process. Everything derives from the
run's seed, so every laptop (and a rerun after a crash) computes the same items and keys.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, replace
from datetime import timedelta

from crisisdesk.exercises.background import everyday
from crisisdesk.exercises.format import (
    Exercise,
    MessageInject,
    RumourInject,
    SituationInject,
)
from crisisdesk.exercises.personas import sender
from crisisdesk.exercises.wording import vary

SITUATION = "situation"
BACKGROUND = "background"


@dataclass(frozen=True)
class Item:
    """One thing to inject: a message on a channel, or a change of situation."""

    key: str  # unique within the run, e.g. ``rumour-bridge#0042``
    offset: timedelta
    inject: str  # the key of the inject it belongs to (``background`` for the noise)
    channel: str  # an inject channel, or ``situation``
    persona: str
    author_name: str
    author_handle: str
    text: str
    subject: str | None = None
    retweet_of: str | None = None  # the key of the X copy this one retweets
    severity: int | None = None
    note_en: str | None = None

    @property
    def seconds(self) -> float:
        return self.offset.total_seconds()


def _rng(seed: str, key: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}\x00{key}".encode("utf-8", "surrogatepass")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def expand(exercise: Exercise, seed: str) -> list[Item]:
    """Every item of ``exercise`` in scenario order (ties by key)."""
    items: list[Item] = []
    for index, inject in enumerate(exercise.injects):
        key = exercise.inject_key(index)
        if isinstance(inject, MessageInject):
            items.extend(_message(inject, key, seed))
        elif isinstance(inject, RumourInject):
            items.extend(_wave(inject, key, seed))
        elif isinstance(inject, SituationInject):
            items.append(_situation(inject, key))
    items.extend(background(exercise, seed))
    items.sort(key=lambda item: (item.offset, item.key))
    return items


def expand_list(
    exercise: Exercise, list_id: str, seed: str, prefix: str, start: timedelta
) -> list[Item]:
    """The items of the event list ``list_id``, added at ``start``: its times count from
    there and its keys carry ``prefix`` (so the same list can be added twice)."""
    chosen = next((e for e in exercise.event_lists if e.id == list_id), None)
    if chosen is None:
        return []
    out: list[Item] = []
    for index, inject in enumerate(chosen.injects):
        key = f"{prefix}{inject.id or f'inject-{index + 1}'}"
        if isinstance(inject, MessageInject):
            made = _message(inject, key, seed)
        elif isinstance(inject, RumourInject):
            made = _wave(inject, key, seed)
        else:
            made = [_situation(inject, key)]
        out.extend(replace(i, offset=i.offset + start, inject=prefix.rstrip("-")) for i in made)
    out.sort(key=lambda item: (item.offset, item.key))
    return out


def _message(inject: MessageInject, key: str, seed: str) -> list[Item]:
    out = []
    span = inject.over or timedelta(0)
    for n in range(inject.copies):
        rng = _rng(seed, f"{key}#{n}")
        who = sender(inject.persona, inject.channel, rng)
        name = who.name
        handle = who.handle
        if n == 0 and inject.author is not None:
            name = inject.author.name or name
            handle = inject.author.handle or handle
        text = inject.text if n == 0 else vary(inject.text, rng, channel=inject.channel)
        at = inject.at
        if inject.copies > 1 and span:
            slot = span / inject.copies
            at = inject.at + slot * n + slot * rng.random()
        out.append(
            Item(
                key=key if inject.copies == 1 else f"{key}#{n:04d}",
                offset=_whole_ms(at),
                inject=key,
                channel=inject.channel,
                persona=inject.persona,
                author_name=name,
                author_handle=handle,
                text=text,
                subject=inject.subject,
            )
        )
    return out


def _logistic_position(p: float, steepness: float = 8.0) -> float:
    """Where in [0, 1] the ``p``-th share of a logistic spread has arrived."""
    low = 1 / (1 + math.exp(steepness / 2))
    high = 1 / (1 + math.exp(-steepness / 2))
    q = low + p * (high - low)
    return 0.5 - math.log(1 / q - 1) / steepness


def _wave(inject: RumourInject, key: str, seed: str) -> list[Item]:
    wave = inject.rumour
    out: list[Item] = []
    x_keys: list[str] = []
    for n in range(wave.variants):
        rng = _rng(seed, f"{key}#{n}")
        channel = wave.channels[n % len(wave.channels)] if n else wave.channels[0]
        item_key = f"{key}#{n:04d}"
        at = inject.at + wave.over * _logistic_position((n + rng.random()) / wave.variants)
        if n == 0:
            at = inject.at
        who = sender("rumour" if n == 0 else "resident", channel, rng)
        text = wave.seed if n == 0 else vary(wave.seed, rng, channel=channel)
        retweet_of = None
        if channel == "x" and x_keys and rng.random() * 100 < wave.retweets:
            retweet_of = rng.choice(x_keys[-50:])
        out.append(
            Item(
                key=item_key,
                offset=_whole_ms(at),
                inject=key,
                channel=channel,
                persona="rumour" if n == 0 else "resident",
                author_name=who.name,
                author_handle=who.handle,
                text=text,
                retweet_of=retweet_of,
            )
        )
        if channel == "x" and retweet_of is None:
            x_keys.append(item_key)
    return out


def _situation(inject: SituationInject, key: str) -> Item:
    return Item(
        key=key,
        offset=inject.at,
        inject=key,
        channel=SITUATION,
        persona="official",
        author_name="",
        author_handle="",
        text=inject.situation.note.ar,
        severity=inject.situation.severity,
        note_en=inject.situation.note.en,
    )


def background(exercise: Exercise, seed: str) -> list[Item]:
    """Everyday messages at ``per_minute`` over the whole exercise (a Poisson process)."""
    rate = exercise.background.per_minute
    if rate <= 0:
        return []
    rng = _rng(seed, BACKGROUND)
    out: list[Item] = []
    at = 0.0
    end = exercise.duration.total_seconds()
    n = 0
    while True:
        at += rng.expovariate(rate / 60)
        if at > end:
            return out
        channel = rng.choice(exercise.background.channels)
        text, persona = everyday(rng)
        who = sender(persona, channel, rng)
        out.append(
            Item(
                key=f"{BACKGROUND}#{n:05d}",
                offset=_whole_ms(timedelta(seconds=at)),
                inject=BACKGROUND,
                channel=channel,
                persona=persona,
                author_name=who.name,
                author_handle=who.handle,
                text=text,
                subject="ملاحظة" if channel in ("email", "news") else None,
            )
        )
        n += 1


def _whole_ms(value: timedelta) -> timedelta:
    return timedelta(milliseconds=round(value.total_seconds() * 1000))


__all__ = ["BACKGROUND", "SITUATION", "Item", "background", "expand", "expand_list"]
