"""Time the word-level diff engine on every thread pair of a data set.

A thread pair is two provisions of different plan versions that share a
thread slug; the older version (by publication date) is the old text. The
script prints timings and piece counts; it asserts nothing.

Usage, from the repository root:

    python benchmarks/diff_benchmark.py [PLANS_DIR] [--pairs]

PLANS_DIR defaults to fixtures/plans; --pairs also lists every pair with its
similarity and piece count.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from provisions.engines import diffing  # noqa: E402 (needs the path set above)
from provisions.engines.diffing import (  # noqa: E402
    REWRITE_THRESHOLD,
    changed_figures,
    diff_words,
    is_rewrite,
    render_inline,
    render_sides,
    similarity,
)

REPEATS = 5


def load_pairs(plans_dir: Path) -> list[tuple[str, str, str, str, str]]:
    """Every thread pair as (thread, old version, new version, old text, new text)."""
    versions = [yaml.safe_load(path.read_text()) for path in sorted(plans_dir.glob("*.yaml"))]
    versions.sort(key=lambda plan: str(plan["version"]["published"]))
    by_thread: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for plan in versions:
        for provision in plan["provisions"]:
            for thread in provision["threads"]:
                by_thread[thread].append((plan["version"]["slug"], provision["text"]))
    return [
        (thread, old_slug, new_slug, old_text, new_text)
        for thread, provisions in by_thread.items()
        for (old_slug, old_text), (new_slug, new_text) in combinations(provisions, 2)
        if old_slug != new_slug
    ]


def clear_caches() -> None:
    """Forget what the engine memoises, so that each run computes every pair."""
    for value in vars(diffing).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()


def best_time(function: Callable[[str, str], object], pairs: list) -> float:
    """Best of REPEATS runs of function over all pairs, in seconds, each with cold caches."""
    timings = []
    for _ in range(REPEATS):
        clear_caches()
        start = time.perf_counter()
        for _thread, _old_slug, _new_slug, old, new in pairs:
            function(old, new)
        timings.append(time.perf_counter() - start)
    return min(timings)


def render_both(old: str, new: str) -> None:
    pieces = diff_words(old, new)
    render_inline(pieces)
    render_sides(pieces)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans_dir", nargs="?", type=Path, default=REPO_ROOT / "fixtures" / "plans")
    parser.add_argument("--pairs", action="store_true", help="list every pair")
    arguments = parser.parse_args()
    if not arguments.plans_dir.is_dir():
        parser.error(f"no plans directory at {arguments.plans_dir}")

    pairs = load_pairs(arguments.plans_dir)
    print(f"{len(pairs)} thread pairs from {arguments.plans_dir} (best of {REPEATS} runs)")
    print()
    print(f"{'function':<28}{'total ms':>10}{'per pair µs':>14}")
    for name, function in [
        ("diff_words", diff_words),
        ("similarity", similarity),
        ("is_rewrite", is_rewrite),
        ("changed_figures", changed_figures),
        ("diff + render_inline/sides", render_both),
    ]:
        seconds = best_time(function, pairs)
        print(f"{name:<28}{seconds * 1000:>10.1f}{seconds / len(pairs) * 1e6:>14.0f}")

    all_pieces = [diff_words(old, new) for *_, old, new in pairs]
    piece_counts = [len(pieces) for pieces in all_pieces]
    change_counts = [sum(piece.op != "equal" for piece in pieces) for pieces in all_pieces]
    similarities = [similarity(old, new) for *_, old, new in pairs]
    rewrites = sum(score < REWRITE_THRESHOLD for score in similarities)
    print()
    print(
        f"pieces per pair: total {sum(piece_counts)}, mean {statistics.mean(piece_counts):.1f}, "
        f"median {statistics.median(piece_counts):.0f}, max {max(piece_counts)}"
    )
    print(f"changed pieces (delete or insert): total {sum(change_counts)}")
    print(f"rewrites (similarity < {REWRITE_THRESHOLD}): {rewrites} of {len(pairs)}")
    print("pairs by similarity (tenths; 1.0 counted in the last):")
    tenths = [min(int(score * 10), 9) for score in similarities]
    for tenth in range(10):
        print(f"  {tenth / 10:.1f}-{(tenth + 1) / 10:.1f} {tenths.count(tenth):>4}")

    if arguments.pairs:
        print()
        for (thread, old_slug, new_slug, *_), score, count in sorted(
            zip(pairs, similarities, piece_counts, strict=True), key=lambda row: -row[1]
        ):
            print(f"{score:5.2f} {count:4d}  {thread}: {old_slug} -> {new_slug}")


if __name__ == "__main__":
    main()
