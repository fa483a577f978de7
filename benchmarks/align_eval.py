"""Measure the alignment engine against the thread links of real and invented drafts.

Run from the repository root:  python -m benchmarks.align_eval [--threshold 0.2]

Gold links of a pair are the (base key, new key) pairs of provisions that share a thread
slug. The new version's threads are never shown to the engine. Pairs: the E3
counter-proposal and the 20-point framework against the US 28 points, every
(version, based_on) pair of the dossier, and the invented held-out pairs in
benchmarks/heldout/ (written before the engine was tuned; see docs/alignment.md).
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from provisions.alignment import (
    DEFAULT_THRESHOLD,
    BaseProvision,
    NewProvision,
    align,
    provision_key,
)

REPO = Path(__file__).resolve().parent.parent
HELD_OUT_DIR = REPO / "benchmarks" / "heldout"

# Pairs that are not (version, based_on) in the data but are worth measuring.
EXTRA_PAIRS = [("us-28", "peace-framework-20")]


def dossier_dir() -> Path:
    """The data set: <repo>/fixtures, else <repo>/../shared/dossier.

    Ancestors further up are tried too, so a git worktree kept in a subfolder of the
    project (wt/<branch>) finds the same shared dossier.
    """
    candidates = [REPO / "fixtures"] + [folder / "shared" / "dossier" for folder in REPO.parents]
    for candidate in candidates:
        if (candidate / "plans").is_dir():
            return candidate
    raise FileNotFoundError("no fixtures/plans nor ../shared/dossier/plans near the repository")


@dataclass(frozen=True)
class Plan:
    slug: str
    based_on: str | None
    keys: tuple[str, ...]
    texts: tuple[str, ...]
    threads: tuple[tuple[str, ...], ...]


def load_plans(plans_dir: Path) -> dict[str, Plan]:
    plans = {}
    for path in sorted(plans_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        provisions = data["provisions"]
        plans[data["version"]["slug"]] = Plan(
            slug=data["version"]["slug"],
            based_on=data["version"].get("based_on"),
            keys=tuple(provision_key(p["number"], i) for i, p in enumerate(provisions, 1)),
            texts=tuple(p["text"] for p in provisions),
            threads=tuple(tuple(p["threads"] or ()) for p in provisions),
        )
    return plans


def revision_pairs(plans: dict[str, Plan]) -> list[tuple[str, str]]:
    """(base slug, new slug) for every version that names the version it revises."""
    return [(p.based_on, p.slug) for p in plans.values() if p.based_on in plans]


def dossier_pairs() -> tuple[dict[str, Plan], list[tuple[str, str]]]:
    plans = load_plans(dossier_dir() / "plans")
    pairs = sorted(revision_pairs(plans)) + EXTRA_PAIRS
    return plans, pairs


def held_out_pairs() -> tuple[dict[str, Plan], list[tuple[str, str]]]:
    plans = load_plans(HELD_OUT_DIR)
    return plans, sorted(revision_pairs(plans))


def gold_links(base: Plan, new: Plan) -> set[tuple[str, str]]:
    return {
        (base_key, new_key)
        for base_key, base_threads in zip(base.keys, base.threads, strict=True)
        for new_key, new_threads in zip(new.keys, new.threads, strict=True)
        if set(base_threads) & set(new_threads)
    }


def predicted_links(base: Plan, new: Plan, threshold: float) -> set[tuple[str, str]]:
    alignment = align(
        [
            BaseProvision(k, t, th)
            for k, t, th in zip(base.keys, base.texts, base.threads, strict=True)
        ],
        [NewProvision(k, t) for k, t in zip(new.keys, new.texts, strict=True)],
        threshold=threshold,
    )
    return {(link.base, link.new) for link in alignment.links}


def precision_recall_f1(predicted: set, gold: set) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else float(not gold)
    recall = hits / len(gold) if gold else float(not predicted)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _synthetic_texts(count: int, rng: random.Random) -> list[str]:
    vocabulary = [f"w{n}" for n in range(3000)]
    return [" ".join(rng.choices(vocabulary, k=rng.randint(10, 80))) for _ in range(count)]


def time_synthetic(size: int, repeats: int = 5) -> float:
    """Best wall time in seconds of aligning size x size provisions of random text."""
    rng = random.Random(size)
    base_texts = _synthetic_texts(size, rng)
    # The new version keeps most points with edits, so the passes do real work.
    new_texts = [text + " amended" if rng.random() < 0.8 else text[::-1] for text in base_texts]
    rng.shuffle(new_texts)
    base = [BaseProvision(str(n), text) for n, text in enumerate(base_texts, 1)]
    new = [NewProvision(str(n), text) for n, text in enumerate(new_texts, 1)]
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        align(base, new)
        best = min(best, time.perf_counter() - start)
    return best


def report(threshold: float) -> None:
    print(f"threshold {threshold}")
    print(f"{'base -> new':55} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5} {'ms':>6}")
    for label, (plans, pairs) in (("dossier", dossier_pairs()), ("held-out", held_out_pairs())):
        print(f"-- {label}")
        for base_slug, new_slug in pairs:
            base, new = plans[base_slug], plans[new_slug]
            start = time.perf_counter()
            predicted = predicted_links(base, new, threshold)
            elapsed_ms = 1000 * (time.perf_counter() - start)
            gold = gold_links(base, new)
            precision, recall, f1 = precision_recall_f1(predicted, gold)
            print(
                f"{base_slug + ' -> ' + new_slug:55} {len(gold):4} {len(predicted):4} "
                f"{precision:5.2f} {recall:5.2f} {f1:5.2f} {elapsed_ms:6.1f}"
            )
    for size in (100, 300):
        print(f"synthetic {size}x{size}: {1000 * time_synthetic(size):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    report(parser.parse_args().threshold)


if __name__ == "__main__":
    main()
