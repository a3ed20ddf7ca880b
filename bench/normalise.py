"""Search normalisation throughput against the bare library calls it is made of.

Every message is normalised once on ingest and every query once per search, so this is on the
ingest path of ``bench/ingest``. The baseline is the irreducible part — NFKC, ``casefold`` and
one ``str.translate`` with the same table — so the ratio is the price of everything else
(elongation, whitespace, the idempotence guard). Bare NFKC is reported too, for scale.
"""

from __future__ import annotations

import random
import time
import unicodedata

from _common import arguments, report

from crisisdesk.text.normalise import FOLD_TABLE, normalise


def bare_fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().translate(FOLD_TABLE)


WORDS = [
    "أمطار", "غزيرة", "على", "الدمام", "والخبر", "مدرسة", "مستشفى", "إغلاق", "طريق", "الكورنيش",
    "تجمّع", "مياه", "حيّ", "ضاااايع", "الـــمطر", "٣", "٤٥", "water", "Flood", "Dammam", "😮",
    "#سيول_الشرقية", "@amanah", "https://t.co/x1", "إنقطاع", "الكهرباء", "منذ", "ساعتين",
]  # fmt: skip


def corpus(count: int) -> list[str]:
    rng = random.Random(5)
    return [" ".join(rng.choices(WORDS, k=rng.randint(6, 30))) for _ in range(count)]


def timed(function: object, texts: list[str]) -> float:
    assert callable(function)
    started = time.perf_counter()
    for text in texts:
        function(text)
    return time.perf_counter() - started


def main() -> None:
    args = arguments(__doc__ or "")
    texts = corpus(20_000 if args.quick else 1_000_000)
    ours = min(timed(normalise, texts) for _ in range(3 if args.quick else 1))
    base = min(timed(bare_fold, texts) for _ in range(3 if args.quick else 1))
    nfkc = timed(lambda t: unicodedata.normalize("NFKC", t), texts)
    report(
        "normalise",
        ours / base,
        goal=2.0,
        better="lower",
        messages=len(texts),
        per_second=round(len(texts) / ours),
        bare_fold_per_second=round(len(texts) / base),
        nfkc_per_second=round(len(texts) / nfkc),
    )


if __name__ == "__main__":
    main()
