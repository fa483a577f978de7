"""Measure the alignment engine against the thread links of real and invented drafts.

Run from the repository root:

    python -m benchmarks.align_eval                  # the engine, per pair (blind: means), timings
    python -m benchmarks.align_eval --summary        # mean figures per group only
    python -m benchmarks.align_eval --threshold 0.2  # the same at another threshold
    python -m benchmarks.align_eval --compare        # other wording scores, same pipeline
    python -m benchmarks.align_eval --links          # wrong and missed links (not blind)

The gold links of a pair are the (base key, new key) pairs of provisions sharing a
thread slug; the new version's threads are never shown to the engine. Groups of pairs:

- dossier: every (version, based_on) pair of the data set, and the 20-point framework
  against the US 28 points;
- invented: pairs of our own in benchmarks/invented/, used while the engine was built
  and tuned (so their figures overstate what a new draft will see);
- real: successive real agreements in benchmarks/real/, in our own close paraphrase with
  every figure kept (the Minsk protocol and the package of measures that revised it);
- stress: E3 -> US-28 and the invented pairs concatenated into one long text, so that
  unrelated subjects compete;
- blind, blind-5, blind-6: pairs in benchmarks/blind/ (the fourth blind set),
  benchmarks/fifth-blind/ and benchmarks/sixth-blind/, each written by a developer who
  never saw the engine, committed before its first score and never used to choose a
  constant. They are reported apart, as means only, and left out of --compare.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import yaml

from provisions.engines import alignment
from provisions.engines.alignment import (
    DEFAULT_THRESHOLD,
    BaseProvision,
    NewProvision,
    align,
    provision_key,
)

REPO = Path(__file__).resolve().parent.parent
INVENTED_DIR = REPO / "benchmarks" / "invented"
REAL_DIR = REPO / "benchmarks" / "real"
# Group name -> folder of a blind set, oldest first.
BLIND_SETS = {
    "blind": REPO / "benchmarks" / "blind",
    "blind-5": REPO / "benchmarks" / "fifth-blind",
    "blind-6": REPO / "benchmarks" / "sixth-blind",
}

# Pairs that are not (version, based_on) in the data but are worth measuring.
EXTRA_PAIRS = [("us-28", "peace-framework-20")]
# Concatenated, in this order, into the stress pair: E3 -> US-28 and the invented pairs.
STRESS_PAIRS = [
    ("us-28", "e3-counterproposal"),
    ("ceasefire-draft-1", "ceasefire-draft-2"),
    ("coalition-draft", "coalition-final"),
    ("food-corridor-text", "food-corridor-reported"),
    ("river-treaty-draft", "river-treaty-final"),
    ("transition-draft", "transition-final"),
    ("trade-agreement", "trade-agreement-revised"),
    ("harbour-truce", "harbour-truce-revised"),
]


def dossier_dir() -> Path:
    """The data set: <repo>/fixtures, else <repo>/../shared/dossier.

    Folders further up are tried too, so that a git worktree kept one level deeper
    (wt/<branch>) finds the same shared dossier.
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
    return sorted((p.based_on, p.slug) for p in plans.values() if p.based_on in plans)


def concatenated(plans: dict[str, Plan], pairs: list[tuple[str, str]]) -> tuple[Plan, Plan]:
    """One long base and one long new version made of the given pairs, in order.

    Keys and threads are prefixed with the pair's base slug so that they stay distinct.
    """

    def join(side: int) -> Plan:
        keys, texts, threads = [], [], []
        for pair in pairs:
            plan = plans[pair[side]]
            keys += [f"{pair[0]}:{key}" for key in plan.keys]
            texts += plan.texts
            threads += [tuple(f"{pair[0]}:{t}" for t in ts) for ts in plan.threads]
        return Plan(f"stress-{side}", None, tuple(keys), tuple(texts), tuple(threads))

    return join(0), join(1)


def evaluation_pairs() -> Iterator[tuple[str, Plan, Plan]]:
    """(group, base, new) for every pair the engine may be tuned on, dossier pairs first."""
    plans = load_plans(dossier_dir() / "plans")
    for base_slug, new_slug in revision_pairs(plans) + EXTRA_PAIRS:
        yield "dossier", plans[base_slug], plans[new_slug]
    invented = load_plans(INVENTED_DIR)
    plans |= invented
    for base_slug, new_slug in revision_pairs(invented):
        yield "invented", plans[base_slug], plans[new_slug]
    real = load_plans(REAL_DIR)
    for base_slug, new_slug in revision_pairs(real):
        yield "real", real[base_slug], real[new_slug]
    yield "stress", *concatenated(plans, STRESS_PAIRS)


def blind_pairs() -> Iterator[tuple[str, Plan, Plan]]:
    """(group, base, new) for every pair of the blind sets; a missing folder gives none."""
    for group, folder in BLIND_SETS.items():
        blind = load_plans(folder) if folder.is_dir() else {}
        for base_slug, new_slug in revision_pairs(blind):
            yield group, blind[base_slug], blind[new_slug]


def gold_links(base: Plan, new: Plan) -> set[tuple[str, str]]:
    return {
        (base_key, new_key)
        for base_key, base_threads in zip(base.keys, base.threads, strict=True)
        for new_key, new_threads in zip(new.keys, new.threads, strict=True)
        if set(base_threads) & set(new_threads)
    }


def predicted_links(
    base: Plan, new: Plan, threshold: float = DEFAULT_THRESHOLD
) -> set[tuple[str, str]]:
    result = align(
        [
            BaseProvision(key, text, threads)
            for key, text, threads in zip(base.keys, base.texts, base.threads, strict=True)
        ],
        [NewProvision(key, text) for key, text in zip(new.keys, new.texts, strict=True)],
        threshold=threshold,
    )
    return {(link.base, link.new) for link in result.links}


def precision_recall_f1(predicted: set, gold: set) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else float(not gold)
    recall = hits / len(gold) if gold else float(not predicted)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pair_name(base: Plan, new: Plan) -> str:
    return f"{base.slug} -> {new.slug}"


# --- Timing --------------------------------------------------------------------------


def timing_inputs(size: int) -> tuple[list[BaseProvision], list[NewProvision]]:
    """size x size provisions of real wording: the dossier and invented texts, repeated.

    Each distinct text once, then again as often as needed with a figure that tells the
    copies apart ("(1)", "(2)"), and the new side is rotated, so the engine meets the usual
    mix of near-duplicates, edits and moves.
    """
    texts = list(
        dict.fromkeys(
            text for _, base, new in evaluation_pairs() for text in base.texts + new.texts
        )
    )
    base_texts = [
        texts[k % len(texts)] + (f" ({k // len(texts)})" if k >= len(texts) else "")
        for k in range(size)
    ]
    new_texts = [f"{text} Amended." for text in base_texts[size // 10 :] + base_texts[: size // 10]]
    return (
        [BaseProvision(str(k), text) for k, text in enumerate(base_texts, 1)],
        [NewProvision(str(k), text) for k, text in enumerate(new_texts, 1)],
    )


def best_time(size: int, repeats: int = 5) -> tuple[float, float]:
    """Best wall time and best processor time, in seconds, of aligning size x size.

    The processor time is what the engine costs; on a machine shared with other work the
    wall time also counts the waits.
    """
    base, new = timing_inputs(size)
    wall, processor = [], []
    for _ in range(repeats):
        start_wall, start_processor = time.perf_counter(), time.process_time()
        align(base, new)
        wall.append(time.perf_counter() - start_wall)
        processor.append(time.process_time() - start_processor)
    return min(wall), min(processor)


# --- Reports -------------------------------------------------------------------------


TIMED_SIZES = (150, 500)


def report(threshold: float, summary: bool = False) -> None:
    """Per pair (unless summary) and mean precision, recall and F1 per group; timings."""
    print(f"engine, threshold {threshold}")
    if not summary:
        print(f"{'pair':58} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5} {'ms':>6}")
    figures: dict[str, list[tuple[float, float, float]]] = {}
    for group, base, new in [*evaluation_pairs(), *blind_pairs()]:
        start = time.perf_counter()
        predicted = predicted_links(base, new, threshold)
        elapsed_ms = 1000 * (time.perf_counter() - start)
        gold = gold_links(base, new)
        figures.setdefault(group, []).append(precision_recall_f1(predicted, gold))
        # Blind pairs are only ever shown as means: a per-pair line would spend them.
        if not summary and group not in BLIND_SETS:
            precision, recall, f1 = figures[group][-1]
            print(
                f"{group + ': ' + pair_name(base, new):58} {len(gold):4} {len(predicted):4} "
                f"{precision:5.2f} {recall:5.2f} {f1:5.2f} {elapsed_ms:6.1f}"
            )
    for group, rows in figures.items():
        precision, recall, f1 = (statistics.mean(column) for column in zip(*rows, strict=True))
        print(f"mean {group} ({len(rows)} pairs): P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    for size in TIMED_SIZES:
        wall, processor = best_time(size)
        print(
            f"time {size}x{size}: {1000 * wall:.0f} ms wall, "
            f"{1000 * processor:.0f} ms CPU (best of 5)"
        )


def report_links(threshold: float) -> None:
    """The wrong and the missed links of every pair the engine may be tuned on, with the
    start of both texts. Blind pairs are never shown link by link."""
    for group, base, new in evaluation_pairs():
        predicted = predicted_links(base, new, threshold)
        gold = gold_links(base, new)
        print(f"{group}: {pair_name(base, new)}")
        base_texts = dict(zip(base.keys, base.texts, strict=True))
        new_texts = dict(zip(new.keys, new.texts, strict=True))
        for label, links in (("wrong", predicted - gold), ("missed", gold - predicted)):
            for base_key, new_key in sorted(links):
                print(f"  {label} {base_key} -> {new_key}")
                print(f"    base: {' '.join(base_texts[base_key].split())[:100]}")
                print(f"    new:  {' '.join(new_texts[new_key].split())[:100]}")


Wording = Callable[..., list[list[float]]]


def _text_scorer(score: Callable[[str, str], float]) -> Wording:
    def wording(base, new, base_units, new_units):
        new_texts = [" ".join(p.text.casefold().split()) for p in new]
        return [[score(" ".join(b.text.casefold().split()), n) for n in new_texts] for b in base]

    return wording


def _one_space(space: str) -> Wording:
    def wording(base, new, base_units, new_units):
        columns = [(getattr(unit, space),) for unit in new_units]
        return alignment._cosines([(getattr(unit, space),) for unit in base_units], columns)

    return wording


def alternative_scorers() -> dict[str, Wording | None]:
    """Wording scores to compare, all run through the engine's order, 1:1 and split passes."""
    from rapidfuzz import fuzz  # only this comparison needs it

    return {
        "engine (words + 4-grams)": None,
        "tf-idf words only": _one_space("words"),
        "tf-idf 4-grams only": _one_space("grams"),
        "rapidfuzz ratio": _text_scorer(lambda a, b: fuzz.ratio(a, b) / 100),
        "rapidfuzz token_sort_ratio": _text_scorer(lambda a, b: fuzz.token_sort_ratio(a, b) / 100),
        "rapidfuzz token_set_ratio": _text_scorer(lambda a, b: fuzz.token_set_ratio(a, b) / 100),
    }


def compare() -> None:
    """F1 per pair of each wording score at the threshold that is best for it overall."""
    pairs = list(evaluation_pairs())
    thresholds = [round(0.02 * k, 2) for k in range(3, 46)]
    print("wording score at its best threshold: F1 per pair, in the order of the main report")
    for name, wording in alternative_scorers().items():
        patch = mock.patch.object(alignment, "_wording", wording) if wording else nullcontext()
        with patch:
            table = {
                threshold: [
                    precision_recall_f1(predicted_links(b, n, threshold), gold_links(b, n))[2]
                    for _, b, n in pairs
                ]
                for threshold in thresholds
            }
        best = max(thresholds, key=lambda t: statistics.mean(table[t]))
        row = " ".join(f"{f1:4.2f}" for f1 in table[best])
        print(f"{name:27} t={best:.2f} mean {statistics.mean(table[best]):.3f} | {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--compare", action="store_true", help="compare wording scores")
    parser.add_argument("--summary", action="store_true", help="mean figures per group only")
    parser.add_argument("--links", action="store_true", help="wrong and missed links, not blind")
    arguments = parser.parse_args()
    if arguments.compare:
        compare()
    elif arguments.links:
        report_links(arguments.threshold)
    else:
        report(arguments.threshold, arguments.summary)


if __name__ == "__main__":
    main()
