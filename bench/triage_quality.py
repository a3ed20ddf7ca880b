"""How well triage holds up on real Arabic traffic: watch-word rules, clusters and tone,
each figure printed with its goal. Reads the shared real data (../shared/data); a figure
whose data is absent is reported as skipped.

Watch-words: per bundled playbook, the rumour tag's precision and recall on the planted
crisis set written for it (tests/data/crisis_sets, goal >= 0.8 each), and the share of
everyday real messages (ASTD + ArSarcasm, no crisis) tagged rumour or critical (goal <= 2 %).

Clusters: pairwise precision and recall on a labelled near-duplicate set built from the real
tweets (families of real posts and the copies people make of them, among real distractors;
goal >= 0.95 each), through the real ingest path; and cluster purity on real traffic (the
ArSarcasm posts that carry links, and the X API pages): the share of clustered messages
whose words overlap their cluster's first message by 30 % or more.

Tone: macro-F1 (negative / neutral / positive) on the held-out split of ASTD (every fifth
tweet; ASTD's OBJ and NEUTRAL are neutral), which nothing shipped was trained or tuned on;
and, as what the lexicon cannot do, macro-F1 on ArSarcasm's sarcastic tweets against its
plain ones.

The ratio is the share of goals met (1.0 = all).

    python bench/triage_quality.py [--quick]
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import ROOT, arguments, report, workdir

from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.intake.rule_quality import alarm_share, rumour_score
from crisisdesk.intake.tagging import Tagger
from crisisdesk.playbooks import find_playbook
from crisisdesk.text.tone import TONES, score_tone
from tests.helpers.crisis_sets import crisis_set, playbooks_with_sets
from tests.helpers.near_duplicates import build, pairwise, purity
from tests.helpers.real_messages import Tweet, arsarcasm, astd, word_jaccard, x_pages

START = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
PASSWORD = "bench-pass-phrase"


def macro_f1(rows: list[Tweet]) -> dict[str, Any]:
    confusion: Counter[tuple[str, str]] = Counter()
    for tweet in rows:
        confusion[(tweet.label, score_tone(tweet.text).tone)] += 1
    per: dict[str, float] = {}
    for label in TONES:
        tp = confusion[(label, label)]
        fp = sum(confusion[(o, label)] for o in TONES if o != label)
        fn = sum(confusion[(label, o)] for o in TONES if o != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per[label] = round(2 * p * r / (p + r), 3) if p + r else 0.0
    accuracy = sum(confusion[(t, t)] for t in TONES) / len(rows) if rows else 0.0
    return {
        "macro_f1": round(sum(per.values()) / len(TONES), 3),
        "f1": per,
        "accuracy": round(accuracy, 3),
        "n": len(rows),
    }


def _desk(folder: Path, name: str) -> tuple[Any, int]:
    from crisisdesk.desk import Desk
    from crisisdesk.storage.location import sqlite_url

    desk = Desk.open(sqlite_url(folder / f"{name}.db"), create=True)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.users.add("lead", PASSWORD, "lead")
    desk.sign_in("lead", PASSWORD)
    incident = desk.incidents.open("قياس الفرز", 2, playbook_id="flood-urban").id
    return desk, incident


def _cluster_of(desk: Any, incident: int, messages: list[IncomingMessage]) -> dict[str, Any]:
    from sqlalchemy import select

    from crisisdesk.storage.models import Interaction

    for start in range(0, len(messages), 1000):
        desk.inbox.ingest(
            incident,
            ParseResult(messages=messages[start : start + 1000]),
            source="bench",
            format="bench",
        )
    with desk.db.read() as session:
        return dict(
            session.execute(
                select(Interaction.external_id, Interaction.cluster_id).where(
                    Interaction.incident_id == incident
                )
            ).all()
        )


def _message(channel: str, ext: str, text: str, n: int) -> IncomingMessage:
    return IncomingMessage(
        channel=channel,
        external_id=ext,
        author_handle=f"user{n % 5000}",
        author_name=None,
        received_at=START - timedelta(seconds=n),
        text=text,
    )


def watch_words(everyday: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for playbook_id in playbooks_with_sets():
        tagger = Tagger(find_playbook(playbook_id))
        score = rumour_score(tagger, crisis_set(playbook_id))
        entry: dict[str, Any] = {"planted": score.to_json()}
        if everyday:
            entry["everyday_rumour_or_critical_pct"] = round(
                100 * alarm_share(tagger, everyday), 2
            )
        out[playbook_id] = entry
    return out


def clusters(folder: Path, tweets: list[Tweet], quick: bool) -> dict[str, Any]:
    families, distractors = (150, 1500) if quick else (600, len(tweets))
    items = build(tweets, families=families, distractors=distractors)
    desk, incident = _desk(folder, "near-duplicates")
    started = time.perf_counter()
    cluster_of = _cluster_of(
        desk,
        incident,
        [_message("whatsapp", item.id, item.text, n) for n, item in enumerate(items)],
    )
    elapsed = time.perf_counter() - started
    desk.close()
    score = pairwise(items, cluster_of)
    out: dict[str, Any] = {
        "near_duplicates": {
            **score.to_json(),
            "messages": len(items),
            "families": families,
            "ingest_s": round(elapsed, 1),
        }
    }
    # purity on real traffic: links and the X pages
    linked = [t for t in arsarcasm() if "http" in t.text]
    real = [_message("x", f"link-{n}", t.text, n) for n, t in enumerate(linked)]
    from crisisdesk.intake.parsers.x import parse_page

    for n, page in enumerate(x_pages()):
        real.extend(parse_page(page, f"page {n}").messages)
    desk, incident = _desk(folder, "real-traffic")
    cluster_of = _cluster_of(desk, incident, real)
    desk.close()
    texts = {m.external_id: m.text for m in real}
    groups: dict[int, list[str]] = {}
    for message in sorted(real, key=lambda m: (m.received_at, m.external_id)):
        cid = cluster_of.get(message.external_id)
        if cid is not None:
            groups.setdefault(cid, []).append(message.external_id)
    stray = sum(
        1
        for members in groups.values()
        for m in members[1:]
        if word_jaccard(texts[members[0]], texts[m]) < 0.3
    )
    out["real_traffic"] = {
        "messages": len(real),
        "clustered": sum(len(m) for m in groups.values()),
        "clusters": len(groups),
        "purity": round(purity(groups, texts), 4),
        "members_under_0.3_of_first": stray,
    }
    return out


def tone(astd_rows: list[Tweet], sarcasm_rows: list[Tweet]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if astd_rows:
        held_out = [t for i, t in enumerate(astd_rows) if i % 5 == 0]
        out["astd_held_out"] = macro_f1(held_out)
    if sarcasm_rows:
        out["arsarcasm_sarcastic"] = macro_f1([t for t in sarcasm_rows if t.sarcastic])
        out["arsarcasm_plain"] = macro_f1([t for t in sarcasm_rows if not t.sarcastic])
    started = time.perf_counter()
    sample = [t.text for t in (astd_rows + sarcasm_rows)[:5000]]
    for text in sample:
        score_tone(text)
    out["us_per_message"] = round(
        (time.perf_counter() - started) * 1e6 / max(len(sample), 1), 1
    )
    return out


def main() -> None:
    args = arguments(__doc__ or "")
    folder = workdir()
    a, s = astd(), arsarcasm()
    everyday = [t.text for t in a + s]
    goals: dict[str, bool] = {}
    detail: dict[str, Any] = {"data": str(ROOT.parent / "shared" / "data")}

    ww = watch_words(everyday)
    detail["watch_words"] = ww
    for playbook_id, entry in ww.items():
        planted = entry["planted"]
        goals[f"{playbook_id}: rumour precision >= 0.8"] = planted["precision"] >= 0.8
        goals[f"{playbook_id}: rumour recall >= 0.8"] = planted["recall"] >= 0.8
        if "everyday_rumour_or_critical_pct" in entry:
            goals[f"{playbook_id}: everyday rumour/critical <= 2 %"] = (
                entry["everyday_rumour_or_critical_pct"] <= 2.0
            )
    if a or s:
        cl = clusters(folder, a + s, args.quick)
        detail["clusters"] = cl
        nd = cl["near_duplicates"]
        goals["near-duplicate pairwise precision >= 0.95"] = nd["precision"] >= 0.95
        goals["near-duplicate pairwise recall >= 0.95"] = nd["recall"] >= 0.95
        detail["tone"] = tone(a, s)
    else:
        detail["skipped"] = "shared real data absent: clusters and tone not measured"
    detail["goals"] = goals
    met = sum(goals.values())
    for name, ok in goals.items():
        print(("met   " if ok else "MISSED") + "  " + name)
    if "tone" in detail:
        t = detail["tone"]
        print("tone macro-F1 on ASTD held-out:", t.get("astd_held_out", {}).get("macro_f1"))
        print(
            "tone macro-F1 sarcastic / plain ArSarcasm:",
            t.get("arsarcasm_sarcastic", {}).get("macro_f1"),
            "/",
            t.get("arsarcasm_plain", {}).get("macro_f1"),
        )
    report("triage_quality", met / len(goals) if goals else 0.0, 1.0, "higher", **detail)


if __name__ == "__main__":
    main()
