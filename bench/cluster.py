"""Clustering 1,000,000 messages through the real ingest path (SQLite, one incident): the time
to cluster 1,000 new messages when the incident already holds about a million, against the
same at ten thousand, measured in the same run. Near-constant per message is the goal
(ratio <= 1.5): each new message costs a fixed number of band lookups, not a scan.

The traffic is a realistic mix: rumour and chain-message families of every size (a few
large, many small) whose copies carry the edits people make (forwards, emoji, hashtags, a
word dropped, respelling, cut retweets), among singletons. Also reported: the whole ingest
time per 1,000 at both sizes, the peak memory of the process, and — when the datasketch
library happens to be installed — its MinHash time per message against ours.

    python bench/cluster.py [--quick | --messages N]
"""

from __future__ import annotations

import random
import resource
import time
from typing import Any

from _common import report, workdir

import crisisdesk.intake.store as store
from crisisdesk.desk import Desk
from crisisdesk.intake.parsers.base import IncomingMessage, ParseResult
from crisisdesk.storage.location import sqlite_url

PASSWORD = "bench-pass-phrase"
BATCH = 1000
WORDS = (  # noqa: SIM905
    "الدمام الخبر القطيف الظهران سيهات الفيصلية الشاطئ النور الراكة الثقبة العزيزية "
    "سيول امطار غرق نفق شارع طريق اشارة مضخة بيارة مويه سيارة عالقة الدفاع المدني الامانة "
    "البلدية حي بيت بيوت الاهالي السكان الاطفال المدرسة الدوام الدراسة الكهرباء انقطاع "
    "الصبح الليل ساعة ساعتين اليوم امس بكرة الحين كبير صغير قوي شديد مغلق مفتوح مسكر "
    "انهيار سد وادي جسر اخلاء تحذير عاجل خبر مقطع صور فيديو رقم بلاغ ينتظر محد رد وين "
    "water road flooded underpass school power help closed open near street car stuck"
).split()
EDITS = ("منقول: {}", "{} 🙏", "{} #الشرقية_الآن", "RT @user: {}", "{} انشروها", "{}!!")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + f" {rng.randrange(10**6)}"


def traffic(count: int, seed: int = 18) -> list[str]:
    """``count`` messages: 35 % in families (Zipf-like sizes), the rest singletons."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        if rng.random() < 0.35:
            base = _sentence(rng, rng.randrange(10, 22))
            size = min(int(rng.paretovariate(1.2)) + 1, 2000)
            for _ in range(size):
                text = rng.choice(EDITS).format(base)
                if rng.random() < 0.3:  # a word dropped
                    words = text.split()
                    del words[rng.randrange(len(words))]
                    text = " ".join(words)
                out.append(text)
        else:
            out.append(_sentence(rng, rng.randrange(6, 25)))
    rng.shuffle(out)
    return out[:count]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50,000 messages (5,000 vs 50,000)")
    parser.add_argument("--messages", type=int, help="another size (compared with 1 % of it)")
    args = parser.parse_args()
    total = args.messages or (50_000 if args.quick else 1_000_000)
    small = 5_000 if args.quick else max(total // 100, 5_000)
    folder = workdir()
    desk = Desk.open(sqlite_url(folder / "cluster.db"), create=True)
    desk.users.create_first_admin("admin", PASSWORD)
    desk.sign_in("admin", PASSWORD)
    desk.users.add("lead", PASSWORD, "lead")
    desk.sign_in("lead", PASSWORD)
    incident = desk.incidents.open("سيول الدمام — قياس", 3, playbook_id="flood-urban").id
    texts = traffic(total)

    clustering_s = [0.0]
    original = store.cluster_arrivals

    def timed(*a: Any, **k: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            clustering_s[0] += time.perf_counter() - started

    store.cluster_arrivals = timed  # type: ignore[assignment]
    from datetime import UTC, datetime, timedelta

    # One message a second, ending now: intake sets aside messages dated in the future, so
    # a fixed start date made every message past "now" a set-aside, not a clustered one.
    start = datetime.now(UTC) - timedelta(seconds=total + 60)
    samples: dict[str, list[tuple[float, float]]] = {"small": [], "large": []}
    clustered = 0
    began = time.perf_counter()
    for offset in range(0, total, BATCH):
        part = texts[offset : offset + BATCH]
        messages = [
            IncomingMessage(
                channel="whatsapp",
                external_id=f"m{offset + i}",
                author_handle=f"9665{(offset + i) % 99_991:08d}",
                author_name=None,
                received_at=start + timedelta(seconds=offset + i),
                text=text,
            )
            for i, text in enumerate(part)
        ]
        before_cluster = clustering_s[0]
        started = time.perf_counter()
        result = desk.inbox.ingest(
            incident, ParseResult(messages=messages), source="bench", format="whatsapp"
        )
        whole = time.perf_counter() - started
        clustered += result.clustered
        reached = offset + len(part)
        sample = (clustering_s[0] - before_cluster, whole)
        if small - 5 * BATCH < reached <= small + 5 * BATCH:
            samples["small"].append(sample)
        if reached > total - 10 * BATCH:
            samples["large"].append(sample)
    elapsed = time.perf_counter() - began
    store.cluster_arrivals = original  # type: ignore[assignment]
    with desk.db.read() as session:
        from sqlalchemy import func, select

        from crisisdesk.storage.models import Cluster

        clusters = int(
            session.scalar(select(func.count(Cluster.id)).where(Cluster.size >= 2)) or 0
        )
    desk.close()

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    at_small = mean([c for c, _ in samples["small"]])
    at_large = mean([c for c, _ in samples["large"]])
    whole_small = mean([w for _, w in samples["small"]])
    whole_large = mean([w for _, w in samples["large"]])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not samples["large"] or not at_large:
        raise SystemExit("no message was clustered at the large size: the bench measured nothing")
    report(
        "cluster",
        at_large / at_small,
        goal=1.5,
        better="lower",
        messages=total,
        clustering_ms_per_1000_at_small=round(at_small * 1000, 1),
        clustering_ms_per_1000_at_large=round(at_large * 1000, 1),
        small_size=small,
        ingest_ms_per_1000_at_small=round(whole_small * 1000, 1),
        ingest_ms_per_1000_at_large=round(whole_large * 1000, 1),
        ingest_ratio=round(whole_large / whole_small, 3),
        total_s=round(elapsed, 1),
        clustered=clustered,
        clusters_of_two_or_more=clusters,
        peak_memory_mb=round(peak_mb, 1),
        datasketch=_datasketch_comparison(texts[:5000]),
    )


def _datasketch_comparison(texts: list[str]) -> dict[str, Any]:
    """Our MinHash against datasketch's on the same shingles, if datasketch is installed."""
    try:
        from datasketch import MinHash  # type: ignore[import-not-found]
    except ImportError:
        return {"installed": False}
    from crisisdesk.intake.shingles import shingle_strings, shingles, tokenise
    from crisisdesk.intake.similarity import PERMS, band_keys_of

    strings = [[s.encode() for s in shingle_strings(tokenise(t))] for t in texts]
    started = time.perf_counter()
    for items in strings:
        sketch = MinHash(num_perm=PERMS)
        sketch.update_batch(items)
    theirs = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        band_keys_of(shingles(text))
    ours = time.perf_counter() - started
    return {
        "installed": True,
        "datasketch_us_per_message": round(theirs * 1e6 / len(texts), 1),
        "ours_us_per_message": round(ours * 1e6 / len(texts), 1),
    }


if __name__ == "__main__":
    main()
