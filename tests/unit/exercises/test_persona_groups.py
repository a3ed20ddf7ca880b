"""Persona groups in the simulated public: each group has its own disposition (a starting
leaning and a sensitivity to what the room does) and its own posts — more and angrier when
it is angry, calmer after a statement — from distinct fictional members, the same on every
laptop. Figures hand-computed from the documented effects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from crisisdesk.exercises.format import PublicSpec
from crisisdesk.exercises.public import POSTS, Event, group_mood, posts_at

T5 = timedelta(minutes=5)


def _spec() -> PublicSpec:
    return PublicSpec.model_validate(
        {
            "personas": [],
            "groups": [
                {"id": "rakah-residents",
                 "title": {"ar": "سكان حي الراكة", "en": "Rakah residents"},
                 "persona": "resident", "size": 10, "leaning": -30},
                {"id": "camp-workers", "title": {"ar": "عمال السكن الجماعي", "en": "Camp workers"},
                 "persona": "expatriate", "size": 3, "sensitivity": 200},
            ],
        }
    )  # fmt: skip


def _by_group(posts: list) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for item in posts:
        out.setdefault(item.key.split("#")[2], []).append(item)
    return out


def test_each_group_posts_from_its_own_disposition() -> None:
    spec = _spec()
    silent = _by_group(posts_at(spec, "seed", T5, []))
    rakah, camp = silent["group:rakah-residents"], silent["group:camp-workers"]
    # Rakah leans angry (-30): 10 // 5 = 2 posts, + 1 × per_anger (2) for 25 points of anger
    assert len(rakah) == 4 and all(p.channel == "whatsapp" for p in rakah)
    assert rakah[0].text in POSTS["angry"]["resident"]
    assert len({p.author_handle for p in rakah}) == 4  # distinct members
    assert len(camp) == 1 and camp[0].text in POSTS["neutral"]["expatriate"]
    # a statement published at T+1 calms: Rakah -30 + 15 = -15 (neutral, 2 posts); the camp
    # feels it doubly: 0 + 30 = 30 (calm)
    events = [Event(timedelta(minutes=1), "published")]
    calmer = _by_group(posts_at(spec, "seed", T5, events))
    assert len(calmer["group:rakah-residents"]) == 2
    assert calmer["group:rakah-residents"][0].text in POSTS["neutral"]["resident"]
    assert calmer["group:camp-workers"][0].text in POSTS["calm"]["expatriate"]
    groups = {g.id: g for g in spec.groups}
    assert group_mood(groups["camp-workers"], events, T5) == "calm"
    assert group_mood(groups["rakah-residents"], events, T5) == "neutral"
    # the same posts on every laptop
    assert [p.key for p in posts_at(spec, "seed", T5, events)] == [
        p.key for p in posts_at(spec, "seed", T5, events)
    ]
    assert [p.author_handle for p in posts_at(spec, "seed", T5, [])] == [
        p.author_handle for p in posts_at(spec, "seed", T5, [])
    ]


def test_group_ids_are_unique() -> None:
    group = {"id": "a", "title": {"ar": "مجموعة", "en": "A"}, "persona": "resident"}
    with pytest.raises(ValidationError, match="id of its own"):
        PublicSpec.model_validate({"groups": [group, group]})
