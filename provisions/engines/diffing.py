"""Word-level diffs between two versions of a provision text.

This module must never import Django, directly or through another project
module. It is pure text processing shared by views, templates, management
commands and the benchmark; it is tested and benchmarked without Django
settings, and keeping it framework-free keeps it fast to import and easy to
reuse. Only the standard library is used.

How a diff is made (docs/diffing.md has the choices and the data behind
them):

1. Both texts are split into tokens: words, single punctuation marks and
   whitespace runs. A word keeps its inner apostrophes, hyphens and dashes,
   the separators between its digits, a leading currency sign and a
   trailing per cent sign, so "Ukraine's", "rare-earth", "600,000", "$100"
   and "50%" are single tokens and a changed word is always shown whole.
2. difflib.SequenceMatcher (autojunk off) aligns the two token sequences.
   For matching, each whitespace run rides with the token before it and is
   ignored in the comparison: whitespace never counts as a change, and a
   space can never anchor a match between two changes.
3. The alignment is cleaned up for prose: small coincidental equalities
   between two changes (a comma, a lone "the") are folded into the change
   around them, and whitespace both sides share is kept out of changes.
4. Each change is emitted as its deletion followed by its insertion.

Equal text is taken from the new version. Joining the pieces that are not
deletions gives back the new text exactly. Joining the pieces that are not
insertions gives back the old text, except where the two versions differ
only in whitespace inside an unchanged stretch: there the new version's
whitespace is shown (whitespace next to a change is kept on each side).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

EQUAL = "equal"
DELETE = "delete"
INSERT = "insert"

# A word with its inner apostrophes, hyphens and dashes ("Ukraine's",
# "US–Ukraine"), separators between digits ("600,000", "50:50"), a leading
# currency sign before a digit ("$100") and a per cent sign after one ("50%").
_WORD = r"(?:[$€£](?=\d))?\w+(?:(?:['’\-–]|(?<=\d)[.,:/](?=\d))\w+)*(?:(?<=\d)%)?"
WORD_RE = re.compile(_WORD)

# The unit of matching: a word or a punctuation mark with the whitespace
# after it, or the whitespace at the very start of a text.
_UNIT_RE = re.compile(rf"(?:{_WORD}|[^\w\s])\s*|\s+")

# A number or amount: optional currency sign, digits with separators,
# optional per cent sign and scale word. The look-arounds keep digits inside
# words ("G8") from counting as figures.
FIGURE_RE = re.compile(
    r"(?<![\w$€£])[$€£]?\d+(?:[.,:/]\d+)*(?:\s?%|\s(?:thousand|million|billion|trillion)\b)?(?!\w)"
)

# An equality lying between two changes is folded into them when the
# changes on both sides are each at least this many times longer (in words)
# than the equality. Equalities without a word (a comma, a full stop) are
# always folded. With 3, a lone "the" inside a rewritten clause disappears
# while "of" in "ceiling of 600,000" -> "strength of 800,000" stays visible.
FOLD_RATIO = 3

# Below this similarity an inline diff is mostly strike-through followed by
# a replacement; the page should show the two texts side by side instead.
# Chosen on the data set: see docs/diffing.md.
REWRITE_THRESHOLD = 0.3


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "delete" or "insert"
    text: str


@dataclass
class _Segment:
    """A stretch of the alignment: equal text, or a change (old replaced by new).

    For an equal segment, old_text and new_text differ at most in whitespace.
    For a change, either text may be empty (a pure insertion or deletion).
    """

    is_change: bool
    old_text: str
    new_text: str

    def word_count(self) -> int:
        """Size of the segment in words: the longer side for a change."""
        return max(_count_words(self.old_text), _count_words(self.new_text))


def _count_words(text: str) -> int:
    return len(WORD_RE.findall(text))


def _align(old: str, new: str) -> list[_Segment]:
    """Align the two texts unit by unit; consecutive changes form one segment."""
    old_units = _UNIT_RE.findall(old)
    new_units = _UNIT_RE.findall(new)
    matcher = difflib.SequenceMatcher(
        None,
        # Whitespace is left out of the comparison (see the module docstring).
        [unit.rstrip() for unit in old_units],
        [unit.rstrip() for unit in new_units],
        # The automatic junk heuristic would ignore frequent tokens such as
        # "the" or "," in longer provisions, which makes diffs erratic.
        autojunk=False,
    )
    segments: list[_Segment] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        segment = _Segment(
            is_change=tag != EQUAL,
            old_text="".join(old_units[old_start:old_end]),
            new_text="".join(new_units[new_start:new_end]),
        )
        # Only leading whitespace of a text can change on its own: not a change.
        if segment.is_change and not (segment.old_text + segment.new_text).strip():
            segment.is_change = False
        _append(segments, segment)
    return segments


def _append(segments: list[_Segment], segment: _Segment) -> None:
    """Append a segment, joining it to the last one when both are of the same kind."""
    if segments and segments[-1].is_change == segment.is_change:
        segments[-1].old_text += segment.old_text
        segments[-1].new_text += segment.new_text
    else:
        segments.append(segment)


def _keep_layout_next_to_changes(segments: list[_Segment]) -> list[_Segment]:
    """Hand whitespace that differs at the end of an equality to the change after it.

    Equal text shows the new version's whitespace. Where the old version had
    other whitespace right before a change (say a line break before a
    deleted list item), that whitespace goes into the change instead, so the
    old side keeps its own line breaks. (Units carry their whitespace at
    their end, so an equality after a change never starts with whitespace.)
    """
    for segment, following in pairwise(segments):
        if segment.is_change:
            continue
        old_edge = _trailing_whitespace(segment.old_text)
        new_edge = _trailing_whitespace(segment.new_text)
        if old_edge != new_edge:
            segment.old_text = segment.old_text.removesuffix(old_edge)
            segment.new_text = segment.new_text.removesuffix(new_edge)
            following.old_text = old_edge + following.old_text
            following.new_text = new_edge + following.new_text
    result: list[_Segment] = []
    for segment in segments:
        if segment.old_text or segment.new_text:
            _append(result, segment)
    return result


def _trailing_whitespace(text: str) -> str:
    return text[len(text.rstrip()) :]


def _fold_small_equalities(segments: list[_Segment]) -> list[_Segment]:
    """Fold each small equality lying between two changes into those changes.

    A fold makes the change around it longer, which can make the next
    equality along small enough to fold in turn, so passes are repeated
    until nothing more folds.
    """
    while True:
        folded: list[_Segment] = []
        for segment in segments:
            if (
                segment.is_change
                and len(folded) >= 2
                and not folded[-1].is_change
                and _is_small_between(folded[-1], folded[-2], segment)
            ):
                equality = folded.pop()
                equality.is_change = True
                _append(folded, equality)
            _append(folded, segment)
        if len(folded) == len(segments):
            return folded
        segments = folded


def _is_small_between(equality: _Segment, before: _Segment, after: _Segment) -> bool:
    # An equality without any word (a comma, a full stop) always qualifies.
    equal_words = _count_words(equality.new_text)
    return min(before.word_count(), after.word_count()) >= FOLD_RATIO * equal_words


def _move_shared_whitespace_out_of_changes(segments: list[_Segment]) -> list[_Segment]:
    """Show whitespace that ends both sides of a change as equal text.

    "[-600,000 -]{+800,000 +}personnel" becomes "[-600,000-]{+800,000+} personnel",
    and "Trump[- -]{+, in which ... take part, +}is" (the old space handed to
    the change by _keep_layout_next_to_changes) becomes "Trump{+, in which
    ... take part,+} is": no space is struck through or underlined for nothing.
    """
    result: list[_Segment] = []
    for segment in segments:
        shared = _trailing_whitespace(segment.old_text)
        if segment.is_change and shared and _trailing_whitespace(segment.new_text) == shared:
            segment.old_text = segment.old_text.removesuffix(shared)
            segment.new_text = segment.new_text.removesuffix(shared)
            _append(result, segment)
            _append(result, _Segment(False, shared, shared))
        else:
            _append(result, segment)
    return result


# A page asks about the same pair several times (is it a rewrite? the diff, the figures) and
# pages repeat pairs across requests; the result depends on the two strings alone. Callers
# only read the segments, hence a tuple.
@lru_cache(maxsize=4096)
def _segments(old: str, new: str) -> tuple[_Segment, ...]:
    segments = _keep_layout_next_to_changes(_align(old, new))
    return tuple(_move_shared_whitespace_out_of_changes(_fold_small_equalities(segments)))


def diff_words(old: str, new: str) -> list[Piece]:
    """Word-level diff of two texts, readable as prose.

    Returns equal, delete and insert pieces; each deletion is directly
    followed by the insertion that replaces it, and no piece is empty.
    """
    pieces: list[Piece] = []
    for segment in _segments(old, new):
        if not segment.is_change:
            if segment.new_text:
                pieces.append(Piece(EQUAL, segment.new_text))
            continue
        if segment.old_text:
            pieces.append(Piece(DELETE, segment.old_text))
        if segment.new_text:
            pieces.append(Piece(INSERT, segment.new_text))
    return pieces


@lru_cache(maxsize=4096)
def similarity(old: str, new: str) -> float:
    """Share of the words of both texts that the diff keeps as equal (0 to 1).

    Counts words only (not punctuation or whitespace), as 2 * kept / (old +
    new), where kept is the number of words in equal pieces. Two texts
    without any word are 1.0 when they are equal apart from whitespace,
    else 0.0.
    """
    return _similarity(old, new, _segments(old, new))


def _similarity(old: str, new: str, segments: tuple[_Segment, ...]) -> float:
    total = _count_words(old) + _count_words(new)
    if total == 0:
        return 1.0 if "".join(old.split()) == "".join(new.split()) else 0.0
    kept = sum(_count_words(segment.new_text) for segment in segments if not segment.is_change)
    return 2 * kept / total


def is_rewrite(old: str, new: str) -> bool:
    """True when the texts have too little in common for an inline diff to be readable."""
    return similarity(old, new) < REWRITE_THRESHOLD


def changed_figures(old: str, new: str) -> list[tuple[str, str]]:
    """Numbers and amounts replaced by other figures at the same place.

    Within each change, the figures of the deleted text are paired in order
    with those of the inserted text, provided both hold the same number of
    figures; pairs of equal figures are left out. A rewrite (see is_rewrite)
    has no "same place": any pairing there would be coincidence (US point 6
    against a Geneva report mentioning both 600,000 and 800,000), so it
    gives [].
    """
    segments = _segments(old, new)
    if _similarity(old, new, segments) < REWRITE_THRESHOLD:
        return []
    changes: list[tuple[str, str]] = []
    for segment in segments:
        if not segment.is_change:
            continue
        old_figures = FIGURE_RE.findall(segment.old_text)
        new_figures = FIGURE_RE.findall(segment.new_text)
        if len(old_figures) != len(new_figures):
            continue
        changes.extend(
            (old_figure, new_figure)
            for old_figure, new_figure in zip(old_figures, new_figures, strict=True)
            if old_figure != new_figure
        )
    return changes


def change_spans(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Where each change lies: (old start, old end, new start, new end) offsets.

    The spans are those of diff_words' changes, so other engines can look at what lies
    in and around each change (provisions.engines.changes). A pure insertion has an
    empty old span at the place it goes, and a pure deletion an empty new span.
    """
    spans = []
    old_at = new_at = 0
    for segment in _segments(old, new):
        old_end, new_end = old_at + len(segment.old_text), new_at + len(segment.new_text)
        if segment.is_change:
            spans.append((old_at, old_end, new_at, new_end))
        old_at, new_at = old_end, new_end
    return spans


def _escape_change(text: str) -> str:
    """Escape changed text, wrapping each figure in it in <strong class="figure">."""
    # Figures are found in the raw text and each part escaped on its own:
    # searching the escaped text would find the digits of entities like &#x27;.
    parts: list[str] = []
    position = 0
    for match in FIGURE_RE.finditer(text):
        parts.append(html.escape(text[position : match.start()]))
        parts.append(f'<strong class="figure">{html.escape(match.group())}</strong>')
        position = match.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def _render_piece(piece: Piece) -> str:
    if piece.op == DELETE:
        return f"<del>{_escape_change(piece.text)}</del>"
    if piece.op == INSERT:
        return f"<ins>{_escape_change(piece.text)}</ins>"
    return html.escape(piece.text)


def render_inline(pieces: list[Piece]) -> str:
    """HTML of the diff in one flow: deletions in <del>, insertions in <ins>.

    All text is escaped, so the result may be marked safe. Newlines are kept
    as they are; the page shows them with CSS white-space: pre-line.
    """
    return "".join(_render_piece(piece) for piece in pieces)


def render_sides(pieces: list[Piece]) -> tuple[str, str]:
    """HTML of the old and the new text for side-by-side display.

    The old side shows equal text and deletions, the new side equal text and
    insertions; escaped like render_inline.
    """
    old_html = "".join(_render_piece(piece) for piece in pieces if piece.op != INSERT)
    new_html = "".join(_render_piece(piece) for piece in pieces if piece.op != DELETE)
    return old_html, new_html
