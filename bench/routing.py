"""Routing messages to units with the full shipped gazetteer, against the plain search
normalisation of the same texts.

Every arriving message is normalised anyway (for search); routing adds one pass over its
words with the gazetteer's first-word index and the clitic forms of each word. The ratio is
the whole routing cost (normalising included) over normalising alone; the goal is 3. The
top-1 accuracy on the labelled set (tests/data/network/routing_set.jsonl) where a place is
named or pinned is reported too (goal 0.9).
"""

from __future__ import annotations

import time

from _common import arguments, report

from crisisdesk.network.routing import Router
from crisisdesk.network.units import Area, Unit, default_units
from crisisdesk.text.normalise import normalise
from tests.helpers.routing_set import load


def router() -> Router:
    units = [
        Unit(
            id=n,
            code=s["code"],
            parent_id=None,
            kind=s["kind"],
            name_ar=s["name_ar"],
            name_en=s["name_en"],
            focal_point=s["focal_point"],
            accounts=tuple(s["accounts"]),
            aliases=tuple(s["aliases"]),
            places=tuple(s["places"]),
            area=Area.from_json(s["area"]),
        )
        for n, s in enumerate(default_units(), start=1)
    ]
    return Router(units)


def main() -> None:
    args = arguments(__doc__ or "")
    rows = load()
    texts = [str(r["text"]) for r in rows if r["text"]]
    count = 10_000 if args.quick else 100_000
    corpus = [texts[i % len(texts)] + f" {i}" for i in range(count)]  # no two alike
    route = router()
    base = min(_timed(normalise, corpus) for _ in range(3))
    ours = min(_timed(route.route, corpus) for _ in range(3))
    named = [r for r in rows if r["kind"] != "none"]
    right = sum(
        route.route(str(r["text"]), location=r.get("location")).unit == r["unit"] for r in named
    )
    report(
        "routing",
        ours / base,
        goal=3.0,
        better="lower",
        messages=count,
        gazetteer_entries=route.gazetteer.size,
        route_per_second=round(count / ours),
        normalise_per_second=round(count / base),
        accuracy_named=round(right / len(named), 4),
        accuracy_goal=0.9,
        labelled_messages=len(rows),
        labelled_named=len(named),
    )


def _timed(function: object, texts: list[str]) -> float:
    assert callable(function)
    started = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
