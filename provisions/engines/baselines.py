"""What each cell of a many-version comparison is compared with, and what it then is.

This module must never import Django. It works on plain records: for each version its slug,
the version it revises, its text basis (verbatim, close paraphrase, reported summary) and
whether its text is complete; for one subject (a row), the texts of the versions holding it.

The base of a cell (the text it is compared with):

- with a fixed base (the `?base=` of a page, the EU's four-column way), every column is
  compared with that one version;
- by default, with the version it revises (`based_on`), following that chain back while the
  subject is missing there. A reported summary is passed over whenever a close paraphrase or
  a verbatim text of the subject exists earlier: the difference between a press summary and a
  text says how it was reported, not what negotiators changed. A version that revises nothing
  shown is compared with the nearest earlier text holding the subject.

A pair in which either side is a reported summary is never "rewritten" or "amended": it is
"reported differently", and the reader gets the two texts side by side. Absence is stated as
"not in the text" only for complete texts; a partial text "does not report" the subject.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from . import diffing

VERBATIM = "verbatim"
PARAPHRASE = "paraphrase"
REPORTED = "reported"

# Cell statuses, in the order a legend lists them.
FIRST = "first"  # holds the subject; no earlier version is shown
BASE = "base"  # the fixed base column itself
UNCHANGED = "unchanged"
AMENDED = "amended"
REWRITTEN = "rewritten"  # amended, but too little in common for an inline diff
REPORTED_DIFFERENTLY = "reported-differently"  # one side is a reported summary
ADDED = "added"
REMOVED = "removed"
NOT_COMPARED = "not-compared"  # holds the subject; the fixed base is partial and lacks it
NOT_IN_TEXT = "not-in-text"  # a complete text without the subject
NOT_REPORTED = "not-reported"  # a partial text without the subject

STATUSES = [
    FIRST,
    BASE,
    UNCHANGED,
    AMENDED,
    REWRITTEN,
    REPORTED_DIFFERENTLY,
    ADDED,
    REMOVED,
    NOT_COMPARED,
    NOT_IN_TEXT,
    NOT_REPORTED,
]
LABELS = {
    FIRST: "First appearance",
    BASE: "Base text",
    UNCHANGED: "Unchanged",
    AMENDED: "Amended",
    REWRITTEN: "Rewritten",
    REPORTED_DIFFERENTLY: "Reported differently",
    ADDED: "Added",
    REMOVED: "Removed",
    NOT_COMPARED: "Not reported in the base",
    NOT_IN_TEXT: "Not in the text",
    NOT_REPORTED: "Not reported",
}
# One character each, distinct without colour; the label always goes with it.
SYMBOLS = {
    FIRST: "●",
    BASE: "◆",
    UNCHANGED: "=",
    AMENDED: "Δ",
    REWRITTEN: "≠",
    REPORTED_DIFFERENTLY: "≈",
    ADDED: "+",
    REMOVED: "−",
    NOT_COMPARED: "○",
    NOT_IN_TEXT: "·",
    NOT_REPORTED: "?",
}
# What a reader learns from each status, for legends.
MEANINGS = {
    FIRST: "the first version shown that holds the subject",
    BASE: "the text every other column is compared with",
    UNCHANGED: "same text as its base",
    AMENDED: "edited: the word-level changes are marked",
    REWRITTEN: "too different from its base for a word-level diff: both texts shown",
    REPORTED_DIFFERENTLY: (
        "one side is a reported summary, so the wording says how it was reported, "
        "not what changed: both texts shown"
    ),
    ADDED: "not in its base",
    REMOVED: "in its base, and dropped from this complete text (or recorded as removed)",
    NOT_COMPARED: "the base is a partial text that does not report the subject",
    NOT_IN_TEXT: "the version's text is complete and does not have the subject",
    NOT_REPORTED: "the version is known only in part, and what is known does not mention it",
}
# Statuses that are a change somewhere along a row.
CHANGES = {AMENDED, REWRITTEN, REPORTED_DIFFERENTLY, ADDED, REMOVED}

SKIPPED = {"missing": "lacks it", "reported": "only reports it"}

# Why a cell has the base it has.
CHOSEN = "chosen"  # the fixed base
REVISES = "revises"  # the version it revises
LINEAGE = "lineage"  # further back along the chain of revisions
NEAREST = "nearest"  # the nearest earlier text holding the subject (revises nothing shown)


@dataclass(frozen=True)
class VersionInfo:
    slug: str
    basis: str = PARAPHRASE
    complete: bool = True
    based_on: str | None = None

    @property
    def reported(self) -> bool:
        return self.basis == REPORTED


@dataclass(frozen=True)
class Baseline:
    """The text one cell is compared with (`slug`, None for none) and why."""

    slug: str | None
    reason: str = ""
    # The versions passed over on the way, each with why: "missing" (no text on the subject)
    # or "reported" (only a reported summary, and a text exists further back).
    skipped: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CellStatus:
    status: str
    baseline: Baseline

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def base(self) -> str | None:
        return self.baseline.slug


def lineage(slug: str, based_on: Mapping[str, str | None]) -> list[str]:
    """The versions `slug` descends from, nearest first (safe against cycles in bad data)."""
    chain: list[str] = []
    seen = {slug}
    current = based_on.get(slug)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = based_on.get(current)
    return chain


def choose_baseline(
    version: VersionInfo,
    versions: Sequence[VersionInfo],
    holding: Collection[str],
    based_on: Mapping[str, str | None] | None = None,
    chain: Sequence[str] | None = None,
) -> Baseline:
    """The default base of `version`'s cell in a row held by the versions in `holding`.

    `versions` are those shown, in date order; `based_on` maps every known version (shown or
    not) to the one it revises, so a chain may pass through versions that are not shown.
    `chain` is `version`'s lineage when the caller has it already (one per table, not per
    cell).
    """
    infos = {info.slug: info for info in versions}
    if based_on is None:
        based_on = {info.slug: info.based_on for info in versions}
    index = next(i for i, info in enumerate(versions) if info.slug == version.slug)
    earlier = [info for info in reversed(versions[:index]) if info.slug in holding]
    earlier_text = next((info for info in earlier if not info.reported), None)

    skipped: list[tuple[str, str]] = []
    for slug in lineage(version.slug, based_on) if chain is None else chain:
        info = infos.get(slug)
        if info is None:  # not shown: neither a base nor worth naming
            continue
        if slug not in holding:
            skipped.append((slug, "missing"))
            continue
        if info.reported and earlier_text is not None:
            skipped.append((slug, "reported"))
            continue
        reason = REVISES if slug == version.based_on else LINEAGE
        return Baseline(slug, reason, tuple(skipped))
    nearest = earlier_text or (earlier[0] if earlier else None)
    if nearest is None:
        return Baseline(None, "", tuple(skipped))
    return Baseline(nearest.slug, NEAREST, tuple(skipped))


def compare_texts(old: VersionInfo, new: VersionInfo, old_text: str, new_text: str) -> str:
    """The status of `new_text` against `old_text` (both present)."""
    if " ".join(old_text.split()) == " ".join(new_text.split()):
        return UNCHANGED
    if old.reported or new.reported:
        return REPORTED_DIFFERENTLY
    return REWRITTEN if diffing.is_rewrite(old_text, new_text) else AMENDED


def relate_row(
    versions: Sequence[VersionInfo],
    texts: Mapping[str, str],
    removed: Collection[str] = (),
    base: str | None = None,
    based_on: Mapping[str, str | None] | None = None,
    lineages: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, CellStatus]:
    """The status and base of every cell of one row.

    `texts` maps each shown version holding the subject to its text there; `removed` lists
    the versions that record removing the subject; `base` is a fixed base's slug, if any;
    `lineages` maps shown versions to their lineage, if the caller has them.
    """
    infos = {info.slug: info for info in versions}
    result = {}
    for position, info in enumerate(versions):
        if base is not None:
            baseline = Baseline(None) if info.slug == base else Baseline(base, CHOSEN)
        else:
            chain = lineages.get(info.slug) if lineages else None
            baseline = choose_baseline(info, versions, texts.keys(), based_on, chain)
        result[info.slug] = CellStatus(
            _status(info, infos, texts, removed, baseline, base, position), baseline
        )
    return result


def _status(info, infos, texts, removed, baseline, base, position):
    base_info = infos.get(baseline.slug) if baseline.slug else None
    base_text = texts.get(baseline.slug) if baseline.slug else None
    if info.slug not in texts:
        if info.slug in removed:
            return REMOVED
        # A dropped subject is a removal only against a version this one revises (or the
        # chosen base): a version revising nothing shown may simply be another document.
        follows = baseline.reason in (CHOSEN, REVISES, LINEAGE)
        if info.complete and base_text is not None and follows:
            return REMOVED
        return NOT_IN_TEXT if info.complete else NOT_REPORTED
    if info.slug == base:
        return BASE
    if base_text is None:
        if base is not None:
            return ADDED if infos[base].complete else NOT_COMPARED
        return ADDED if position > 0 else FIRST
    return compare_texts(base_info, info, base_text, texts[info.slug])


def row_changed(statuses: Collection[CellStatus]) -> bool:
    """Whether anything changes along the row (absence alone is not a change)."""
    return any(status.status in CHANGES for status in statuses)


def describe(baseline: Baseline, names: Mapping[str, str]) -> str:
    """A sentence naming a cell's base and why, from version slugs to display names."""
    if baseline.slug is None:
        return ""
    name = names.get(baseline.slug, baseline.slug)
    lead = {
        CHOSEN: f"Compared with {name}, the chosen base",
        REVISES: f"Compared with {name}, which it revises",
        LINEAGE: f"Compared with {name}, earlier in its line",
        NEAREST: f"Compared with {name}, the nearest earlier text",
    }[baseline.reason]
    passed = [f"{names.get(slug, slug)} {SKIPPED[why]}" for slug, why in baseline.skipped]
    return f"{lead} ({'; '.join(passed)})." if passed else f"{lead}."
