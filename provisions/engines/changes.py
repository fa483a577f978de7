"""What changed between two versions of a provision, noted as an analyst would.

This module must never import Django. It reads the changes the word diff finds
(provisions.engines.diffing.change_spans) and notes, for each:

- figures, durations and dates: "600,000 → 800,000", "100 days → 180 days",
  "1 March 2026 → 1 June 2026"; a figure dropped or brought in by a replacement
  ("in 100 days" → "as soon as possible") is noted with an empty side;
- parties and other names: "Europe → NATO", "United States" dropped; a name is a
  capitalised word or run of them (with a number: "Article 5"), not a capitalised
  common word opening a sentence, plus any names the caller knows (its parties);
- obligation: modal shifts ("is to → may", "will → will not");
- negation: a "not", "no" or "never" put in or taken out by a short edit.

A rewrite (diffing.is_rewrite) has no "same place" for anything, so it notes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import diffing

FIGURE = "figure"
DURATION = "duration"
DATE = "date"
NAME = "name"
MODAL = "modal"
NEGATION = "negation"

# A lone capitalised word opening a sentence: a name only when it replaces or is replaced by
# a name ("European fighter aircraft" -> "NATO fighter aircraft"), else an ordinary word.
_OPENING = "opening"

KINDS = [FIGURE, DURATION, DATE, NAME, MODAL, NEGATION]
KIND_LABELS = {
    FIGURE: "Figure",
    DURATION: "Duration",
    DATE: "Date",
    NAME: "Parties and names",
    MODAL: "Obligation",
    NEGATION: "Negation",
}

# A one-sided note (a figure dropped, a name brought in) is kept when the change replaced
# something, or is at most this many words: a long deleted or inserted passage is its own
# story, and listing every name in it would bury the real shifts.
SHORT_CHANGE = 12
# A negation counts only in a change this short on both sides: a flipped meaning is a small edit.
NEGATION_CHANGE = 3
# Words of context shown on each side of a negation.
CONTEXT = 2

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|forty-five|sixty|ninety|hundred"
)
# Each pattern below opens with a look-ahead on the first characters its alternatives can
# start with: without it the engine tries every alternative at every word boundary, and
# these three scans were half the time of the notes (the matches are the same).
DATE_RE = re.compile(
    rf"\b(?=[\dADFJMNOS])(?:\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?:19|20)\d{2})\b(?![,.]\d)"
)
DURATION_RE = re.compile(
    rf"\b(?=[\daefhnost])(?:\d+(?:[.,]\d+)?|{_NUMBER_WORDS}|a|an)[\s-]+"
    r"(?:calendar\s+|working\s+)?(?:hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# Capitalised words in a run, "of"/"the"/"for" allowed inside ("Board of Peace"), and an
# optional number after ("Article 5").
NAME_RE = re.compile(
    r"\b[A-Z][\w'’\-–]*(?:\s+(?:(?:of|the|for)\s+)?[A-Z][\w'’\-–]*)*(?:\s+\d+\w*)?"
)
# Where a sentence, clause or list item opens: its first word is capitalised for that alone.
SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|\n\s*(?:[-*+]|\d+[.)])?\s*)$")
MODAL_RE = re.compile(
    r"\b(?=[acimpsuw])(?:(?:is|are|was|were)\s+(?:not\s+)?(?:expected\s+)?to"
    r"|(?:will|shall|must|may|might|should|could|would)(?:\s+not)?"
    r"|won't|cannot|can(?:\s+not)?"
    r"|(?:undertakes?|commits?|agrees?|pledges?)\s+(?:not\s+)?to)\b",
    re.IGNORECASE,
)
NEGATION_RE = re.compile(r"\b(?:not|no|never|neither|nor)\b", re.IGNORECASE)

# Capitalised words that open sentences and clauses without naming anyone.
_COMMON_WORDS = (
    "a an the this that these those it its their there if should once with whether both "
    "each every all any no none in on at by for to of and or but as such where when while "
    "until after before within under upon from into over between neither nor not may will "
    "shall must can could would other others some several either also however"
)
_COMMON = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class Change:
    kind: str
    old: str  # "" where the change brings the item in
    new: str  # "" where the change drops it

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class _Item:
    kind: str
    start: int
    end: int
    text: str


# A text is compared with the version before it and the one after it (a synoptic row, a
# thread's trail): its items are found once for both. They depend on the text and the names
# alone; callers only read them, hence a tuple.
@lru_cache(maxsize=4096)
def _items(text: str, names: tuple[str, ...]) -> tuple[_Item, ...]:
    """Figures, durations, dates, names and modals in `text`, without overlaps (in that
    order of precedence: a date is not also a figure, "Article 5" not also a figure)."""
    found: list[_Item] = []

    def add(kind, start, end):
        if not any(item.start < end and start < item.end for item in found):
            found.append(_Item(kind, start, end, text[start:end]))

    for match in DATE_RE.finditer(text):
        add(DATE, *match.span())
    for match in DURATION_RE.finditer(text):
        add(DURATION, *match.span())
    for name in names:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            add(NAME, *match.span())
    for match in NAME_RE.finditer(text):
        start, end = _trim_name(text, *match.span())
        if start < end:
            add(_OPENING if _opening_word(text, start, end) else NAME, start, end)
    for match in diffing.FIGURE_RE.finditer(text):
        add(FIGURE, *match.span())
    for match in MODAL_RE.finditer(text):
        add(MODAL, *match.span())
    return tuple(sorted(found, key=lambda item: item.start))


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading capitalised common words ("The United States" → "United States")."""
    while start < end:
        word = re.match(r"[\w'’\-–]+", text[start:end]).group()
        if word.lower() not in _COMMON:
            break
        rest = re.match(r"[\w'’\-–]+\s*", text[start:end]).end()
        start += rest
    return start, end


def _opening_word(text: str, start: int, end: int) -> bool:
    """A lone capitalised word opening a sentence ("Arrangements for ...", "European
    aircraft"), which may or may not be a name; acronyms and the caller's names are names."""
    word = text[start:end]
    return (
        " " not in word
        and not word.isupper()
        and bool(SENTENCE_START_RE.search(text[max(0, start - 40) : start]))
    )


def _touches(text: str, item: _Item, start: int, end: int) -> bool:
    """Whether the item overlaps the change or, for a pure insertion or deletion, ends right
    before it across whitespace (an insertion of "not" after "will" touches "will")."""
    if item.start < end and start < item.end:
        return True
    if start != end:
        return False
    return item.start == start or (item.end <= start and not text[item.end : start].strip())


def _words(text: str) -> int:
    return len(diffing.WORD_RE.findall(text))


def _window(text: str, start: int, end: int) -> str:
    """The change with CONTEXT words on each side."""
    before = diffing.WORD_RE.findall(text[:start])[-CONTEXT:]
    after = diffing.WORD_RE.findall(text[end:])[:CONTEXT]
    return " ".join([*before, *diffing.WORD_RE.findall(text[start:end]), *after])


def what_changed(old: str, new: str, names: Iterable[str] = ()) -> list[Change]:
    """The notable changes from `old` to `new`, change by change, each noted once.

    `names` are names the caller knows (parties), matched as written besides the
    capitalised runs found on their own.
    """
    if diffing.is_rewrite(old, new):
        return []
    names = tuple(sorted(set(names), key=len, reverse=True))
    old_items, new_items = _items(old, names), _items(new, names)
    notes: list[Change] = []
    for old_start, old_end, new_start, new_end in diffing.change_spans(old, new):
        old_change, new_change = old[old_start:old_end], new[new_start:new_end]
        replaced = bool(old_change.strip()) and bool(new_change.strip())
        short = max(_words(old_change), _words(new_change)) <= SHORT_CHANGE
        before = [i for i in old_items if _touches(old, i, old_start, old_end)]
        after = [i for i in new_items if _touches(new, i, new_start, new_end)]
        for kind in (FIGURE, DURATION, DATE, MODAL):
            olds = [item.text for item in before if item.kind == kind]
            news = [item.text for item in after if item.kind == kind]
            one_sided_ok = kind != MODAL and (replaced or short)
            notes.extend(_pair(kind, olds, news, one_sided_ok, old, new))
        notes.extend(_names(before, after, replaced or short, old, new))
        if max(_words(old_change), _words(new_change)) <= NEGATION_CHANGE:
            notes.extend(_negation(old, new, (old_start, old_end), (new_start, new_end), after))
    return list(dict.fromkeys(notes))


def _pair(kind, olds, news, one_sided_ok, old, new):
    """Items of one kind paired in order; alone on one side, noted only if the other text
    has no such item anywhere (a figure that merely moved was not dropped)."""
    if olds and news:
        if len(olds) != len(news):
            return []
        return [Change(kind, a, b) for a, b in zip(olds, news, strict=True) if a != b]
    if not one_sided_ok:
        return []
    return [Change(kind, text, "") for text in olds if text not in new] + [
        Change(kind, "", text) for text in news if text not in old
    ]


def _names(before, after, one_sided_ok, old, new):
    """Names are a set, not a sequence: those gone from the change and those come in."""
    olds = _change_names(before, any(item.kind == NAME for item in after))
    news = _change_names(after, any(item.kind == NAME for item in before))
    gone = [name for name in olds if name not in news and not (one_sided_ok and name in new)]
    came = [name for name in news if name not in olds and not (one_sided_ok and name in old)]
    if not (gone or came) or (not (gone and came) and not one_sided_ok):
        return []
    return [Change(NAME, ", ".join(gone), ", ".join(came))]


def _change_names(items, named_opposite):
    kinds = {NAME, _OPENING} if named_opposite else {NAME}
    return list(dict.fromkeys(item.text for item in items if item.kind in kinds))


def _negation(old, new, old_span, new_span, modals_after):
    """A negation put in or taken out, unless a modal shift already says it."""
    old_neg = NEGATION_RE.findall(old[old_span[0] : old_span[1]])
    new_neg = NEGATION_RE.findall(new[new_span[0] : new_span[1]])
    if len(old_neg) == len(new_neg):
        return []
    if any(item.kind == MODAL and NEGATION_RE.search(item.text) for item in modals_after):
        return []
    return [Change(NEGATION, _window(old, *old_span), _window(new, *new_span))]
