"""Validating and loading the whole bundled playbook library vs a bare ``yaml.safe_load``.

Ours reads each file, composes it with positions (libyaml when available), builds the data,
validates it with pydantic, runs the cross checks and parses every Jinja template (twice
per template: Arabic and English). The baseline is ``yaml.safe_load`` of the same files,
which only parses. Both read from disk in the same run; each side's time is the best of
several rounds. Ratio = our time / baseline time (lower is better).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import yaml
from _common import arguments, report

from crisisdesk.playbooks import library_dir, validate_file


def best_of(rounds: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    args = arguments(__doc__ or "")
    rounds = 3 if args.quick else 30
    files = sorted(library_dir().glob("*.yaml"))

    def ours() -> None:
        for path in files:
            result = validate_file(path)
            assert result.playbook is not None, result.problems

    def baseline() -> None:
        for path in files:
            with path.open(encoding="utf-8") as stream:
                yaml.safe_load(stream)

    def baseline_libyaml() -> None:
        for path in files:
            with path.open(encoding="utf-8") as stream:
                yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    ours()  # warm imports and the Jinja environment
    t_ours = best_of(rounds, ours)
    t_base = best_of(rounds, baseline)
    t_c = best_of(rounds, baseline_libyaml)
    size = sum(p.stat().st_size for p in files)
    report(
        "playbook_load",
        t_ours / t_base,
        goal=1.0,
        better="lower",
        files=len(files),
        bytes=size,
        rounds=rounds,
        ours_ms=round(t_ours * 1000, 2),
        safe_load_ms=round(t_base * 1000, 2),
        libyaml_safe_load_ms=round(t_c * 1000, 2),
        ratio_to_libyaml=round(t_ours / t_c, 3),
        libyaml=bool(getattr(yaml, "__with_libyaml__", False)),
    )


if __name__ == "__main__":
    main()
