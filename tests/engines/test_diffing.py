"""Tests for the word-level diff engine (provisions.engines.diffing).

The provision texts below are taken from the first data set
(/work/shared/dossier/plans), so the tests do not depend on where it lives.
"""

import random
import re
from pathlib import Path

import pytest

from provisions.engines.diffing import (
    REWRITE_THRESHOLD,
    Piece,
    changed_figures,
    diff_words,
    is_rewrite,
    render_inline,
    render_sides,
    similarity,
)

REPO_ROOT = Path(__file__).resolve().parent.parent

US_1 = "Ukraine's standing as a sovereign state is to be confirmed."
E3_1 = "Ukraine's standing as a sovereign state is to be reconfirmed."
US_6 = "The Armed Forces of Ukraine are to be held to a ceiling of 600,000 personnel."
E3_6 = "The Armed Forces of Ukraine are to be held to a ceiling of 800,000 personnel in peacetime."
FRAMEWORK_4 = (
    "The Armed Forces of Ukraine are to stay at a strength of 800,000 personnel in peacetime."
)
GENEVA_ARMED_FORCES = (
    "The rigid cap of 600,000 troops from the US draft was not kept: Ukrainian officers "
    "explained what force size Ukraine needs in peacetime and in wartime, and a Ukrainian "
    "participant said he did not expect the 600,000 formula to survive. The FT reported that "
    "the parameters of Ukraine's army were among the issues put in brackets for the "
    "presidents, and RBC-Ukraine sources listed army size among the contentious items "
    "adjusted in Geneva; a White House official told the NYT the army-size provision had "
    "been revised. No replacement figure is confirmed for the Geneva text (the 800,000 "
    "figure appears in the European counter-proposal and in the December drafts)."
)
US_25 = "Elections are to take place in Ukraine in 100 days."
E3_25 = (
    "Elections are to take place in Ukraine as soon as possible after the peace agreement "
    "is signed."
)
US_10 = (
    "A US guarantee, on the following terms:\n"
    "- The United States is to be compensated for providing it.\n"
    "- If Ukraine invades Russia, Ukraine loses its claim to the guarantee.\n"
    "- Should Ukraine, without cause, strike Moscow or St Petersburg with a missile, the "
    "security guarantee is to be treated as void."
)
E3_10 = (
    "A US guarantee mirroring Article 5, on the following terms:\n"
    "- The United States is to be compensated for providing it.\n"
    "- If Ukraine invades Russia, Ukraine loses its claim to the guarantee."
)
US_21 = (
    "Territory:\n"
    "- Crimea, Luhansk and Donetsk are to be recognised as Russian de facto, including by "
    "the United States.\n"
    "- Kherson and Zaporizhzhia are to be frozen along the line of contact."
)
FRAMEWORK_14 = (
    "Territory: **no consensus.**\n"
    "- In Donetsk, Luhansk, Zaporizhzhia and Kherson regions, the line where troops stand "
    "is treated de facto as the line of contact."
)

SAMPLE_PAIRS = [
    (US_1, E3_1),
    (US_6, E3_6),
    (US_6, FRAMEWORK_4),
    (E3_6, FRAMEWORK_4),
    (US_6, GENEVA_ARMED_FORCES),
    (US_25, E3_25),
    (US_10, E3_10),
    (E3_10, US_10),
    (US_21, FRAMEWORK_14),
    ("", US_1),
    (US_1, ""),
]


def equal(text):
    return Piece("equal", text)


def delete(text):
    return Piece("delete", text)


def insert(text):
    return Piece("insert", text)


def old_side(pieces):
    return "".join(piece.text for piece in pieces if piece.op != "insert")


def new_side(pieces):
    return "".join(piece.text for piece in pieces if piece.op != "delete")


def random_text(rng, separators):
    vocabulary = ["a", "b", "the", "Ukraine", "600,000", "$100", "50%", ",", ".", "<", "&", '"']
    words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 12))]
    return "".join(word + rng.choice(separators) for word in words).rstrip()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("", "", []),
        ("same", "same", [equal("same")]),
        ("", "new text", [insert("new text")]),
        ("old text", "", [delete("old text")]),
        ("a b c", "a x c", [equal("a "), delete("b"), insert("x"), equal(" c")]),
        ("a b", "a b c", [equal("a b"), insert(" c")]),
        ("a b c", "a c", [equal("a "), delete("b "), equal("c")]),
        ("one two", "three four", [delete("one two"), insert("three four")]),
        (
            "Line one.\n- item a\n- item b",
            "Line one.\n- item a\n- item c",
            [equal("Line one.\n- item a\n- item "), delete("b"), insert("c")],
        ),
    ],
)
def test_diff_words_tiny_pairs(old, new, expected):
    assert diff_words(old, new) == expected


def test_changed_word_is_shown_whole():
    assert diff_words(US_1, E3_1) == [
        equal("Ukraine's standing as a sovereign state is to be "),
        delete("confirmed"),
        insert("reconfirmed"),
        equal("."),
    ]


def test_troop_ceiling_change_from_us_to_e3():
    assert diff_words(US_6, E3_6) == [
        equal("The Armed Forces of Ukraine are to be held to a ceiling of "),
        delete("600,000"),
        insert("800,000"),
        equal(" personnel"),
        insert(" in peacetime"),
        equal("."),
    ]


def test_short_equalities_between_small_changes_stay_visible():
    # "a" and "of" sit between one-word changes: folding them in would hide
    # that only the noun and the figure changed.
    assert diff_words(US_6, FRAMEWORK_4) == [
        equal("The Armed Forces of Ukraine are to "),
        delete("be held to"),
        insert("stay at"),
        equal(" a "),
        delete("ceiling"),
        insert("strength"),
        equal(" of "),
        delete("600,000"),
        insert("800,000"),
        equal(" personnel"),
        insert(" in peacetime"),
        equal("."),
    ]


def test_lone_small_word_between_larger_changes_is_folded_into_the_change():
    old = "We will send one two three the four five six home."
    new = "We will bring seven eight nine the ten eleven twelve home."
    assert diff_words(old, new) == [
        equal("We will "),
        delete("send one two three the four five six"),
        insert("bring seven eight nine the ten eleven twelve"),
        equal(" home."),
    ]


def test_lone_punctuation_between_changes_is_folded_into_the_change():
    assert diff_words("Keep red, blue here.", "Keep green, yellow here.") == [
        equal("Keep "),
        delete("red, blue"),
        insert("green, yellow"),
        equal(" here."),
    ]


def test_whitespace_shared_by_both_sides_of_a_change_is_shown_as_equal():
    old = "A Council chaired by Trump is to oversee it."
    new = "A Council chaired by Trump, in which all states take part, is to oversee it."
    assert diff_words(old, new) == [
        equal("A Council chaired by Trump"),
        insert(", in which all states take part,"),
        equal(" is to oversee it."),
    ]


def test_deleted_list_item_keeps_its_line_break():
    assert diff_words(US_10, E3_10) == [
        equal("A US guarantee"),
        insert(" mirroring Article 5"),
        equal(
            ", on the following terms:\n"
            "- The United States is to be compensated for providing it.\n"
            "- If Ukraine invades Russia, Ukraine loses its claim to the guarantee."
        ),
        delete(
            "\n- Should Ukraine, without cause, strike Moscow or St Petersburg with a missile, "
            "the security guarantee is to be treated as void."
        ),
    ]


def test_punctuation_is_its_own_token():
    assert diff_words("Russia, Ukraine", "Russia; Ukraine") == [
        equal("Russia"),
        delete(","),
        insert(";"),
        equal(" Ukraine"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("a  b\nc", "a b c", "a b c"),
        ("a,b", "a, b", "a, b"),
        (" x ", "x", "x"),
        ("Territory:\n- Crimea", "Territory: - Crimea", "Territory: - Crimea"),
        (US_10, US_10.replace("\n", "\n\n"), US_10.replace("\n", "\n\n")),
    ],
)
def test_whitespace_only_differences_are_not_a_change(old, new, shown):
    # A single equal piece, showing the new version's whitespace.
    assert diff_words(old, new) == [equal(shown)]


def test_whitespace_only_texts():
    assert diff_words(" ", "") == []
    assert diff_words("\n", "  ") == [equal("  ")]


def test_old_line_break_before_a_change_is_kept_on_the_old_side():
    pieces = diff_words("Territory:\n- Crimea is Russian.", "Territory: Crimea is Russian.")
    assert old_side(pieces) == "Territory:\n- Crimea is Russian."
    assert new_side(pieces) == "Territory: Crimea is Russian."


@pytest.mark.parametrize(("old", "new"), SAMPLE_PAIRS)
def test_sides_reconstruct_both_texts(old, new):
    pieces = diff_words(old, new)
    assert new_side(pieces) == new
    assert old_side(pieces) == old


def test_round_trip_on_random_texts():
    rng = random.Random(2025)
    for _ in range(500):
        # With single spaces everywhere both texts come back exactly.
        old, new = random_text(rng, [" "]), random_text(rng, [" "])
        pieces = diff_words(old, new)
        assert (old_side(pieces), new_side(pieces)) == (old, new)
        # With mixed whitespace the new text comes back exactly and the old
        # one apart from whitespace (equal stretches show the new whitespace).
        old, new = random_text(rng, ["", " ", "\n", "  "]), random_text(rng, ["", " ", "\n- "])
        pieces = diff_words(old, new)
        assert new_side(pieces) == new
        assert re.sub(r"\s", "", old_side(pieces)) == re.sub(r"\s", "", old)


def test_piece_structure_on_random_texts():
    rng = random.Random(1125)
    separators = ["", " ", "\n", "  "]
    for _ in range(500):
        pieces = diff_words(random_text(rng, separators), random_text(rng, separators))
        assert all(piece.text for piece in pieces), "no empty pieces"
        assert all(piece.op in {"equal", "delete", "insert"} for piece in pieces)
        for first, second in zip(pieces, pieces[1:], strict=False):
            assert first.op != second.op, "adjacent pieces of the same op are coalesced"
            assert (first.op, second.op) != ("insert", "delete"), "a deletion comes first"


@pytest.mark.parametrize(("old", "new"), SAMPLE_PAIRS)
def test_no_word_is_split_between_pieces(old, new):
    pieces = diff_words(old, new)
    for side in (
        [piece for piece in pieces if piece.op != "insert"],
        [piece for piece in pieces if piece.op != "delete"],
    ):
        for first, second in zip(side, side[1:], strict=False):
            assert not (first.text[-1].isalnum() and second.text[0].isalnum()), (first, second)


def test_long_texts_of_common_words_still_diff_word_by_word():
    # Past 200 tokens SequenceMatcher's autojunk heuristic would treat words
    # as common as these as junk and replace whole stretches at once.
    rng = random.Random(3)
    words = [rng.choice(["the", "of", "and", "Ukraine", "is", "to", ",", "."]) for _ in range(400)]
    old = " ".join(words)
    for position in (50, 200, 350):
        words[position] = "changed"
    pieces = diff_words(old, " ".join(words))
    assert [piece.text for piece in pieces if piece.op == "insert"] == ["changed"] * 3
    assert sum(len(piece.text.split()) for piece in pieces if piece.op == "delete") == 3


def test_similarity_values():
    assert similarity("", "") == 1.0
    assert similarity("  ", "\n") == 1.0
    assert similarity(US_10, US_10.replace(" ", "\n")) == 1.0
    assert similarity("a b c d", "a b c e") == pytest.approx(0.75)
    assert similarity("one two", "three four") == 0.0
    assert similarity(".", ",") == 0.0
    assert similarity(US_6, E3_6) == pytest.approx(14 / 16)


@pytest.mark.parametrize(("old", "new"), SAMPLE_PAIRS)
def test_similarity_is_between_zero_and_one(old, new):
    assert 0.0 <= similarity(old, new) <= 1.0


def test_rewrite_threshold_is_a_share():
    assert 0.0 < REWRITE_THRESHOLD < 1.0


def test_is_rewrite_on_a_clear_edit_and_a_clear_rewrite():
    assert not is_rewrite(US_6, E3_6)
    assert not is_rewrite(US_1, E3_1)
    assert not is_rewrite(US_25, E3_25)
    assert is_rewrite(US_6, GENEVA_ARMED_FORCES)
    assert is_rewrite(US_21, FRAMEWORK_14)


def test_changed_figures():
    assert changed_figures(US_6, E3_6) == [("600,000", "800,000")]
    assert changed_figures(US_6, FRAMEWORK_4) == [("600,000", "800,000")]
    assert changed_figures(US_1, E3_1) == []
    assert changed_figures(US_6, US_6) == []
    # A figure deleted without a replacement is not a changed figure.
    assert changed_figures(US_25, E3_25) == []


def test_changed_figures_keeps_currency_per_cent_and_scale():
    old = "Europe is to add $100 billion and keep 50% of the profit for 10 years."
    new = "Europe is to add $1 trillion and keep 60% of the profit for 10 years."
    assert changed_figures(old, new) == [("$100 billion", "$1 trillion"), ("50%", "60%")]


def test_changed_figures_ignores_unmatched_counts_and_rewrites():
    # One figure out, two in: no telling which replaced which.
    old = "The fund is to hold money raised in 100 days by the partners."
    new = "The fund is to hold money raised in 30 or 60 days by the partners."
    assert changed_figures(old, new) == []
    # Both mention 600,000 and 800,000, but not at the same place.
    assert changed_figures(US_6, GENEVA_ARMED_FORCES) == []
    # A rewrite: one figure out and one in, but "5" did not replace "10".
    old = "The US offered a guarantee for 10 years, after which the president could commit forces."
    new = "The package offers guarantees modelled on Article 5, set out in a separate framework."
    assert is_rewrite(old, new)
    assert changed_figures(old, new) == []


def test_render_inline_marks_changes_and_figures():
    assert render_inline(diff_words(US_6, E3_6)) == (
        "The Armed Forces of Ukraine are to be held to a ceiling of "
        '<del><strong class="figure">600,000</strong></del>'
        '<ins><strong class="figure">800,000</strong></ins>'
        " personnel<ins> in peacetime</ins>."
    )


def test_figures_in_equal_text_are_not_highlighted():
    assert render_inline([equal("600,000 men")]) == "600,000 men"


def test_render_sides():
    old_html, new_html = render_sides(diff_words(US_1, E3_1))
    start = "Ukraine&#x27;s standing as a sovereign state is to be "
    assert old_html == start + "<del>confirmed</del>."
    assert new_html == start + "<ins>reconfirmed</ins>."


def test_rendering_keeps_newlines():
    pieces = diff_words(US_10, E3_10)
    assert render_inline(pieces).count("\n") == US_10.count("\n")
    old_html, new_html = render_sides(pieces)
    assert (old_html.count("\n"), new_html.count("\n")) == (US_10.count("\n"), E3_10.count("\n"))


HOSTILE_OLD = "Keep <b>this</b> & 'that' and \"5\" here, <script>alert('10')</script> 7 & co."
HOSTILE_NEW = 'Keep <b>this</b> & \'that\' and "6" here, <script>alert("20")</script> 8 &amp; co.'
ALLOWED_TAGS = re.compile(r'</?del>|</?ins>|<strong class="figure">|</strong>')


def assert_safe_html(rendered):
    outside_tags = ALLOWED_TAGS.sub("", rendered)
    assert not re.search(r"[<>\"']", outside_tags), outside_tags
    assert not re.search(r"&(?!(?:amp|lt|gt|quot|#x27);)", outside_tags), outside_tags


def test_renderers_escape_everything_from_the_input():
    pieces = diff_words(HOSTILE_OLD, HOSTILE_NEW)
    assert {piece.op for piece in pieces} == {"equal", "delete", "insert"}
    inline = render_inline(pieces)
    old_html, new_html = render_sides(pieces)
    for rendered in (inline, old_html, new_html):
        assert "<script>" not in rendered
        assert "<b>" not in rendered
        assert_safe_html(rendered)
    assert "&lt;script&gt;" in inline
    assert "&amp;amp;" in new_html


def test_figure_highlighting_does_not_break_entities():
    # html.escape turns ' into &#x27;: its digits must not be taken for a figure.
    pieces = [delete("it's 5"), insert("'6'")]
    assert render_inline(pieces) == (
        '<del>it&#x27;s <strong class="figure">5</strong></del>'
        '<ins>&#x27;<strong class="figure">6</strong>&#x27;</ins>'
    )
