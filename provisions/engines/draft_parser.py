"""Turn the pasted text of a numbered draft into provisions.

Editors paste a newly leaked draft (a peace plan, a treaty, a ceasefire) into
the admin; ``parse_draft`` splits it into a preamble and numbered points.

This module is pure Python (standard library only) and must never import
Django: it is the one piece of the import path that is all rules and no
storage, so it is tested without settings or a database, stays fast to test,
and can be reused by command-line tools and data checks that have no Django
set up. Callers show a ``DraftParseError`` message to the editor as it is.

Rules
-----
1. Lines. Windows and old Mac line endings, tabs, runs of spaces, non-breaking
   spaces, a byte-order mark and zero-width spaces are normalised; every line
   is trimmed.
2. Point lines. A point starts on a line that begins with a label: ``1.``,
   ``1)``, ``1:``, ``1 -`` (or an en/em dash), ``(1)``, ``Point 1:``,
   ``Point 1.``, ``Article 1`` (also ``Clause``, ``Paragraph``, ``Item``), with an
   optional letter: ``10a.``, ``10 a)``. The label is followed by a space and
   the text, or by nothing (the text is on the next lines). Numbers have at
   most three digits, so a year is never a label. The number is stored
   normalised: ``"10 a)"`` -> ``"10a"``, ``"01."`` -> ``"1"``, ``"10A"`` -> ``"10a"``.
3. One numbering style. The first numbered line that can start the list (see
   4) fixes the style: a keyword (``Point``, ``Article`` ...), ``1.``/``1:``,
   ``1)``, ``1 -`` or ``(1)``. A label with a letter (``10 a)``) fits any of
   the three bare styles. Numbered lines in another style are not points:
   inside a point, a run numbered 1, 2, 3 ... becomes sub-points (an
   ``Article 2`` with paragraphs ``1.``, ``2.``); anything else is text.
4. The sequence decides whether a numbered line in the style is a point:
   - the natural next label is a point: 1 first; after 10, 10a or 11; after
     10a, 10b or 11;
   - a label that jumps ahead (3 -> 7, or a first point other than 1) is a
     point if the next numbered line in the style is higher again or, when
     there is none, if the line before it ends a sentence or is blank;
     otherwise it is taken for a figure in wrapped text;
   - a lower number is a figure in wrapped text ("... aged under / 3. The");
   - a number already used is an error ("Point 7 appears twice: on lines 7
     and 9.").
5. Sub-points stay inside their point as a Markdown list: lettered ``a)``,
   ``(a)``, ``a.``, ``i)``, ``(ii)`` become ``- a) ...``, ``- ii) ...``;
   bullets ``-``, ``*``, ``+``, ``•``, ``–``, ``—`` become ``- ...``.
6. Headings. A heading-shaped line is a Markdown ``# Title``; a ``Part II``,
   ``Section 3``, ``Chapter 1``, ``Annex``, ``Appendix`` line (optionally with
   ``: title``); or a short line (at most 60 characters) that starts with a
   capital letter, has no final punctuation and stands after a blank line, a
   sentence end, a bare point label or an ALL CAPS / ``Part`` / ``#`` line.
   It is a heading only when the next non-blank line is a point or another
   heading; then it is left out of the text and becomes the ``heading`` of
   every later point until the next heading (the nearest one wins when
   headings are stacked). Otherwise it stays in the text, as a paragraph of
   its own if it is a ``#``, ``Part`` or ALL CAPS line or if the next line
   starts with a capital letter. So does a short text right after a label
   when a capitalised line follows: that is the point's title (``Article 1``
   / ``Ceasefire`` / ``The parties ...``, ``1. Territory`` / ``Ukraine ...``).
7. Text. Lines of a paragraph are joined with one space (wrapped text), or
   with none after a hyphen that ends a word part (``de-`` / ``escalation``);
   blank lines separate paragraphs (``"\\n\\n"``); a list follows the line
   that introduces it directly; a line right after a list item continues it.
8. The preamble is the text before the first point, headings aside.
9. Breaks in the numbering are flagged, not fixed: a point that skips ahead of the
   one before it (3, then 5), and a numbered line kept in a point's text (a lower or
   unconfirmed number in the style, or the next number in another style: a ``4)``
   inside a ``1.`` list). Each warning names the line, so the editor can check it.

Known limits: Roman-numeral or decimal point numbers (``Article IV``,
``1.1``), capital-letter sub-points (``A)``), labels without punctuation
before the text (``Point 1 The parties``) and bold labels (``**1.**``) are not
recognised; nested sub-points are flattened into one list; a wrapped line
that starts with the next number or a used one followed by ``.``, ``)`` or
``-`` (``... under / 15. The``) is taken for a point or reported as a
duplicate; unnumbered text after the last point (an annex in prose) joins
the last point; a soft hyphen at a line break is kept (``demili-tarised``); in a
narrow-column paste a short wrapped line starting with a capital may be
taken for a title; numbered recitals before the first point (``(1)
Recalling ...`` before ``Article 1``) set the style and become the points.
"""

import re
from dataclasses import dataclass, field

MAX_TEXT_CHARS = 200_000
MAX_POINT_CHARS = 10_000

# Longest "short line" that can be a heading or a point's title.
_MAX_SHORT_HEADING_CHARS = 60
# Longest "Part II: ..." line taken for a heading.
_MAX_DIVISION_HEADING_CHARS = 100


@dataclass(frozen=True)
class ParsedPoint:
    number: str
    text: str
    heading: str | None


@dataclass(frozen=True)
class NumberingWarning:
    """A break in the numbering (rule 9) for the editor to check."""

    point: str  # the number of the point the line starts or was kept in
    line: int  # 1-based, in the pasted text
    text: str  # the line, whitespace-normalised
    message: str


@dataclass(frozen=True)
class ParsedDraft:
    preamble: str
    points: list[ParsedPoint]
    warnings: list[NumberingWarning] = field(default_factory=list)


class DraftParseError(ValueError):
    """The pasted draft cannot be split into points; the message is for the editor."""


_KEYWORD_LABEL = re.compile(
    r"(?P<keyword>point|article|clause|paragraph|item)\s+(?P<number>\d{1,3})"
    r"(?:\s?(?P<letter>[a-z]))?"
    # The separator is optional, but text after the number needs one, so a
    # wrapped "Article 5 of the Charter" is not a label.
    r"(?:\s*[.:)\-–—](?:\s+(?P<rest>.*))?)?",
    re.IGNORECASE,
)
_BARE_LABEL = re.compile(
    r"(?P<number>\d{1,3})(?:\s?(?P<letter>[a-z]))?"
    # "1.5 million" and "1-2 days" are not labels: a space must follow.
    r"(?:(?P<separator>[.:)])|\s*(?P<dash>[-–—]))(?:\s+(?P<rest>.*))?",
    re.IGNORECASE,
)
_ENCLOSED_LABEL = re.compile(
    r"\((?P<number>\d{1,3})(?:\s?(?P<letter>[a-z]))?\)(?:\s+(?P<rest>.*))?",
    re.IGNORECASE,
)
# Lower case only: "A. Smith" or "I. General" are not sub-points.
_LETTERED_ITEM = re.compile(
    r"(?:\((?P<enclosed>[a-z]|[ivx]{2,5})\)|(?P<plain>[a-z]|[ivx]{2,5})[.)])\s+(?P<rest>\S.*)"
)
_BULLET_ITEM = re.compile(r"[-*+•–—]\s+(?P<rest>\S.*)")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s+(?P<title>.+?)(?:\s+#+)?")
_DIVISION_HEADING = re.compile(
    r"(?:part|section|chapter|annex|appendix)(?:\s+[\w.]+)?(?:\s*[:.\-–—]\s*\S.*)?",
    re.IGNORECASE,
)
_INVISIBLE = str.maketrans("", "", "\ufeff\u200b")
_CLOSERS = ")]\"'”’*_"
_BARE_STYLES = ("1.", "1)", "1 -")


@dataclass(frozen=True)
class _Label:
    number: int
    letter: str  # "" or one lower-case letter
    style: str  # the keyword, "1.", "1)", "1 -" or "(1)"

    @property
    def key(self) -> tuple[int, str]:
        return (self.number, self.letter)

    @property
    def text(self) -> str:
        return f"{self.number}{self.letter}"

    def fits_style_of(self, reference: "_Label") -> bool:
        if self.style == reference.style:
            return True
        return bool(self.letter) and self.style in _BARE_STYLES and reference.style in _BARE_STYLES

    def follows(self, previous: "_Label | None") -> bool:
        if previous is None:
            return self.key == (1, "")
        number, letter = previous.key
        next_letter = chr(ord(letter) + 1) if letter else "a"
        return self.key in ((number, next_letter), (number + 1, ""))


@dataclass(frozen=True)
class _Line:
    text: str  # the whole line, whitespace-normalised; "" for a blank line
    label: _Label | None = None  # set when the line starts with a point label
    rest: str = ""  # the text after the label
    item: str | None = None  # the Markdown list item, for a sub-point line


def parse_draft(text: str) -> ParsedDraft:
    """Split pasted draft text into its preamble and numbered points."""
    if not text.strip():
        raise DraftParseError("The pasted text is empty.")
    if len(text) > MAX_TEXT_CHARS:
        last_line = len(text[:MAX_TEXT_CHARS].splitlines())
        raise DraftParseError(
            f"The pasted text is too long: {len(text):,} characters, "
            f"the limit is {MAX_TEXT_CHARS:,}, reached on line {last_line}."
        )
    lines = [_read_line(raw) for raw in text.translate(_INVISIBLE).splitlines()]
    starts, reference = _find_point_starts(lines)
    if not starts:
        which = "the one line" if len(lines) == 1 else f"any of the {len(lines)} lines"
        raise DraftParseError(
            f"No numbered points found at the start of {which}: start each point on its "
            'own line with its number, e.g. "1.", "1)" or "Article 1".'
        )
    headings = _find_headings(lines, starts)
    return _assemble(lines, starts, headings, reference)


def _read_line(raw: str) -> _Line:
    text = " ".join(raw.split())
    label, rest = _read_label(text)
    if label:
        return _Line(text, label=label, rest=rest)
    return _Line(text, item=_list_item(text))


def _read_label(text: str) -> tuple[_Label | None, str]:
    """The point label a line starts with, and the text after it."""
    if match := _KEYWORD_LABEL.fullmatch(text):
        style = match["keyword"].lower()
    elif match := _BARE_LABEL.fullmatch(text):
        style = "1 -" if match["dash"] else "1)" if match["separator"] == ")" else "1."
    elif match := _ENCLOSED_LABEL.fullmatch(text):
        style = "(1)"
    else:
        return None, ""
    letter = (match["letter"] or "").lower()
    return _Label(int(match["number"]), letter, style), match["rest"] or ""


def _list_item(text: str) -> str | None:
    """The Markdown list item for a sub-point line, or None."""
    bullet = _BULLET_ITEM.fullmatch(text)
    if bullet:
        text = bullet["rest"]
    lettered = _LETTERED_ITEM.fullmatch(text)
    if lettered:
        # "(a)", "a." and "a)" all become "a)" so that drafts written in
        # different styles do not differ in a word-level diff.
        return f"- {lettered['enclosed'] or lettered['plain']}) {lettered['rest']}"
    return f"- {text}" if bullet else None


def _find_point_starts(lines: list[_Line]) -> tuple[dict[int, _Label], _Label | None]:
    """Indexes of the lines that start a point (rules 3 and 4), and the style's label."""
    numbered = [index for index, line in enumerate(lines) if line.label]
    reference = _choose_style(lines, numbered)
    if reference is None:
        return {}, None
    in_style = [index for index in numbered if lines[index].label.fits_style_of(reference)]
    starts: dict[int, _Label] = {}
    used: dict[tuple[int, str], int] = {}  # label key: index of its line
    last: _Label | None = None
    for position, index in enumerate(in_style):
        label = lines[index].label
        if label.key in used:
            raise DraftParseError(
                f"Point {label.text} appears twice: on lines {used[label.key] + 1} and {index + 1}."
            )
        if last is not None and label.key < last.key:
            continue
        next_index = in_style[position + 1] if position + 1 < len(in_style) else None
        if label.follows(last) or _jump_confirmed(lines, index, next_index, starts):
            starts[index] = label
            used[label.key] = index
            last = label
    return starts, reference


def _next_fitting(lines: list[_Line], numbered: list[int]) -> dict[int, int | None]:
    """For each numbered line, the next numbered line that fits its style.

    One backward pass, so that a paste of thousands of numbered lines stays linear.
    """
    next_by_style: dict[str, int] = {}
    next_lettered_bare: int | None = None
    result: dict[int, int | None] = {}
    for index in reversed(numbered):
        label = lines[index].label
        candidates = [next_by_style.get(label.style)]
        if label.style in _BARE_STYLES:
            candidates.append(next_lettered_bare)
        result[index] = min((c for c in candidates if c is not None), default=None)
        next_by_style[label.style] = index
        if label.letter and label.style in _BARE_STYLES:
            next_lettered_bare = index
    return result


def _choose_style(lines: list[_Line], numbered: list[int]) -> _Label | None:
    """The label of the first numbered line that can start the list."""
    next_fitting = _next_fitting(lines, numbered)
    for position, index in enumerate(numbered):
        label = lines[index].label
        if label.follows(None):
            return label
        next_index = next_fitting[index]
        if next_index is None and position + 1 < len(numbered):
            # Alone in its style while other numbered lines follow: a stray
            # "Article 5." in the preamble must not set the style.
            continue
        if _jump_confirmed(lines, index, next_index, {}):
            return label
    return None


def _jump_confirmed(
    lines: list[_Line], index: int, next_index: int | None, starts: dict[int, _Label]
) -> bool:
    """Whether a label that skips ahead of the sequence starts a point."""
    if next_index is not None:
        return lines[next_index].label.key > lines[index].label.key
    return _after_break(lines, index, starts)


def _after_break(lines: list[_Line], index: int, starts: dict[int, _Label]) -> bool:
    """Whether the line stands at the start of a sentence, not inside one."""
    if index == 0 or not lines[index - 1].text:
        return True
    previous = lines[index - 1]
    if index - 1 in starts and not previous.rest:
        return True
    return _ends_sentence(previous.text) or _is_strong_heading(previous.text)


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in ".!?:;"


def _is_strong_heading(text: str) -> bool:
    """A "#", "Part II" or ALL CAPS line: a heading whatever comes before it."""
    if _MARKDOWN_HEADING.fullmatch(text) or _division_heading(text):
        return True
    return any(c.isalpha() for c in text) and text == text.upper() and _is_short_title(text)


def _division_heading(text: str) -> bool:
    return len(text) <= _MAX_DIVISION_HEADING_CHARS and bool(_DIVISION_HEADING.fullmatch(text))


def _is_short_title(text: str) -> bool:
    """Short, starts with a capital, no final punctuation (rule 6)."""
    first_letter = next((c for c in text if c.isalpha()), "")
    return (
        len(text) <= _MAX_SHORT_HEADING_CHARS
        and first_letter.isupper()
        and (text[-1].isalnum() or text[-1] in ")]\"'”’")
    )


def _heading_title(lines: list[_Line], index: int, starts: dict[int, _Label]) -> str | None:
    """The heading text if the line is heading-shaped (rule 6), else None."""
    line = lines[index]
    if line.label or line.item or not line.text:
        return None
    markdown = _MARKDOWN_HEADING.fullmatch(line.text)
    if markdown:
        return _strip_emphasis(markdown["title"])
    if _division_heading(line.text):
        return line.text
    title = _strip_emphasis(line.text)
    if _is_short_title(title) and _after_break(lines, index, starts):
        return title
    return None


def _strip_emphasis(text: str) -> str:
    for marker in ("**", "__"):
        if len(text) > 2 * len(marker) and text.startswith(marker) and text.endswith(marker):
            return text[len(marker) : -len(marker)].strip()
    return text


def _find_headings(lines: list[_Line], starts: dict[int, _Label]) -> dict[int, str]:
    """Heading-shaped lines followed by a point or another heading."""
    headings: dict[int, str] = {}
    followed_by_point = False
    for index in reversed(range(len(lines))):
        if not lines[index].text:
            continue
        if index in starts:
            followed_by_point = True
            continue
        title = _heading_title(lines, index, starts) if followed_by_point else None
        if title:
            headings[index] = title
        else:
            followed_by_point = False
    return headings


# Kinds of body element handed to _render.
_BLANK, _TEXT, _ITEM, _PARAGRAPH = "blank", "text", "item", "paragraph"


def _assemble(
    lines: list[_Line], starts: dict[int, _Label], headings: dict[int, str], reference: _Label
) -> ParsedDraft:
    preamble: list[tuple[str, str]] = []
    points: list[tuple[_Label, int, str | None, list[tuple[str, str]]]] = []  # line: 1-based
    warnings: list[NumberingWarning] = []
    body = preamble
    heading: str | None = None
    next_sub_number = 1
    for index, line in enumerate(lines):
        if index in starts:
            if message := _skip_message(starts[index], points[-1][0] if points else None):
                warnings.append(NumberingWarning(starts[index].text, index + 1, line.text, message))
            body = []
            points.append((starts[index], index + 1, heading, body))
            next_sub_number = 1
            if line.rest:
                body.append(_text_element(lines, index, line.rest, starts))
        elif index in headings:
            heading = headings[index]
        elif not line.text:
            body.append((_BLANK, ""))
        elif line.item:
            body.append((_ITEM, line.item))
        elif (
            points
            and line.label
            and line.rest
            and line.label.style in (*_BARE_STYLES, "(1)")
            and line.label.key == (next_sub_number, "")
        ):
            # Numbered paragraphs in another style inside a point (rule 3).
            body.append((_ITEM, f"- {line.label.number}) {line.rest}"))
            next_sub_number += 1
        else:
            if points and line.label and _looks_like_a_point(line.label, points[-1][0], reference):
                point = points[-1][0].text
                message = f"Numbered like a point, but kept in the text of point {point}."
                warnings.append(NumberingWarning(point, index + 1, line.text, message))
            body.append(_text_element(lines, index, line.text, starts))

    parsed_points = []
    for label, line, point_heading, elements in points:
        point_text = _render(elements)
        if not point_text:
            raise DraftParseError(f"Point {label.text} (line {line}) has no text.")
        if len(point_text) > MAX_POINT_CHARS:
            raise DraftParseError(
                f"Point {label.text} (from line {line}) is too long: "
                f"{len(point_text):,} characters, the limit is {MAX_POINT_CHARS:,}."
            )
        parsed_points.append(ParsedPoint(label.text, point_text, point_heading))
    return ParsedDraft(preamble=_render(preamble), points=parsed_points, warnings=warnings)


def _skip_message(label: _Label, previous: _Label | None) -> str | None:
    """What is missing when a point does not follow the one before it."""
    if label.follows(previous):
        return None
    if previous is None:
        return f"The first point is numbered {label.text}, not 1."
    between = range(previous.number + 1, label.number)
    if label.letter or not between:
        return f"Point {label.text} follows point {previous.text}: the numbering skips."
    if len(between) == 1:
        missing = f"point {between[0]} is"
    else:
        joined = "and" if len(between) == 2 else "to"
        missing = f"points {between[0]} {joined} {between[-1]} are"
    return f"Point {label.text} follows point {previous.text}: {missing} missing."


def _looks_like_a_point(label: _Label, current: _Label, reference: _Label) -> bool:
    """Whether a numbered line kept in a point's text may be a point that was missed."""
    return label.fits_style_of(reference) or label.follows(current)


def _text_element(
    lines: list[_Line], index: int, text: str, starts: dict[int, _Label]
) -> tuple[str, str]:
    """A text line, or a paragraph of its own for a heading-shaped line that is no heading."""
    if index in starts:
        # The text after a point label: a title when a sentence follows.
        shaped, strong = _is_short_title(_strip_emphasis(text)), False
    else:
        shaped = _heading_title(lines, index, starts) is not None
        strong = _is_strong_heading(text)
    if not shaped:
        return (_TEXT, text)
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return (_PARAGRAPH if strong or following[:1].isupper() else _TEXT, text)


def _render(elements: list[tuple[str, str]]) -> str:
    """Markdown for a point's (or the preamble's) body (rule 7)."""
    blocks: list[list[str]] = []
    last_kind = _BLANK  # the kind of the last line of the last block
    after_blank = False
    for kind, content in elements:
        if kind == _BLANK:
            after_blank = True
            continue
        if kind == _ITEM and blocks and (not after_blank or last_kind == _ITEM):
            # A list right after its intro line, or the next item of a list
            # (a blank line between items keeps one list).
            blocks[-1].append(content)
            last_kind = _ITEM
        elif kind == _TEXT and blocks and not after_blank and last_kind in (_TEXT, _ITEM):
            # A wrapped line: it continues the paragraph or the item.
            blocks[-1][-1] = _join_wrapped(blocks[-1][-1], content)
        else:
            blocks.append([content])
            last_kind = kind
        after_blank = False
    return "\n\n".join("\n".join(block) for block in blocks)


def _join_wrapped(left: str, right: str) -> str:
    """Join a wrapped line to the line before it."""
    # "de-" + "escalation": a line broken after a hyphen inside a word
    # continues the word.
    if re.search(r"\w-\Z", left) and right[:1].isalnum():
        return left + right
    return f"{left} {right}"
