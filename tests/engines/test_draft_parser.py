"""Tests for provisions.engines.draft_parser: pasted numbered drafts into provisions."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provisions.engines.draft_parser import (
    MAX_POINT_CHARS,
    MAX_TEXT_CHARS,
    DraftParseError,
    NumberingWarning,
    ParsedDraft,
    ParsedPoint,
    parse_draft,
)

REPO_ROOT = Path(__file__).resolve().parent.parent


def points(text: str) -> list[ParsedPoint]:
    return parse_draft(text).points


def P(number: str, text: str, heading: str | None = None) -> ParsedPoint:
    return ParsedPoint(number=number, text=text, heading=heading)


# --- point label shapes -------------------------------------------------------


def test_dot_numbers():
    assert points("1. A ceasefire.\n2. Prisoners are exchanged.") == [
        P("1", "A ceasefire."),
        P("2", "Prisoners are exchanged."),
    ]


def test_parenthesis_numbers():
    assert points("1) A ceasefire.\n2) Prisoners are exchanged.") == [
        P("1", "A ceasefire."),
        P("2", "Prisoners are exchanged."),
    ]


def test_dash_numbers_with_hyphen_and_dashes():
    assert points("1 - A ceasefire.\n2 – Prisoners are exchanged.\n3- Talks resume.") == [
        P("1", "A ceasefire."),
        P("2", "Prisoners are exchanged."),
        P("3", "Talks resume."),
    ]


def test_point_colon():
    assert points("Point 1: A ceasefire.\nPoint 2: Prisoners are exchanged.") == [
        P("1", "A ceasefire."),
        P("2", "Prisoners are exchanged."),
    ]


def test_point_dot_any_case():
    assert points("Point 1. A ceasefire.\nPOINT 2. Prisoners are exchanged.") == [
        P("1", "A ceasefire."),
        P("2", "Prisoners are exchanged."),
    ]


def test_article_label_alone_with_text_below_and_title_kept_as_paragraph():
    text = (
        "Article 1\n"
        "Ceasefire\n"
        "The parties stop all fire\n"
        "at midnight.\n"
        "\n"
        "Article 2\n"
        "Prisoners are exchanged all for all.\n"
    )
    assert points(text) == [
        P("1", "Ceasefire\n\nThe parties stop all fire at midnight."),
        P("2", "Prisoners are exchanged all for all."),
    ]


def test_article_with_dash_title():
    assert points("Article 1 - Ceasefire\nThe parties stop all fire.\nArticle 2 - Talks") == [
        P("1", "Ceasefire\n\nThe parties stop all fire."),
        P("2", "Talks"),
    ]


def test_letter_suffixed_numbers_with_dot():
    text = (
        "10. Monitors are deployed.\n"
        "10a. Drones monitor the line.\n"
        "10b. Reports go to the UN.\n"
        "11. Talks."
    )
    assert points(text) == [
        P("10", "Monitors are deployed."),
        P("10a", "Drones monitor the line."),
        P("10b", "Reports go to the UN."),
        P("11", "Talks."),
    ]


def test_letter_suffixed_numbers_with_space_and_parenthesis():
    text = "9) Monitors are deployed.\n10) Drones.\n10 a) Satellites.\n10 B) Radar.\n11) Talks."
    assert points(text) == [
        P("9", "Monitors are deployed."),
        P("10", "Drones."),
        P("10a", "Satellites."),
        P("10b", "Radar."),
        P("11", "Talks."),
    ]


def test_letter_suffix_in_another_bare_style_still_continues_the_list():
    text = "10. Monitors are deployed.\n10 a) Drones monitor the line.\n11. Talks."
    assert points(text) == [
        P("10", "Monitors are deployed."),
        P("10a", "Drones monitor the line."),
        P("11", "Talks."),
    ]


def test_enclosed_numbers():
    assert points("(1) A ceasefire.\n(2) Prisoners are exchanged.") == [
        P("1", "A ceasefire."),
        P("2", "Prisoners are exchanged."),
    ]


def test_leading_zero_is_dropped():
    assert points("01. A ceasefire.\n02. Talks.") == [P("1", "A ceasefire."), P("2", "Talks.")]


# --- sub-points -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "label_a", "label_b"),
    [
        ("a)", "b)", "a", "b"),
        ("(a)", "(b)", "a", "b"),
        ("a.", "b.", "a", "b"),
        ("i)", "ii)", "i", "ii"),
        ("(i)", "(ii)", "i", "ii"),
        ("- a)", "- b)", "a", "b"),
    ],
)
def test_lettered_sub_points_stay_inside_the_point(first, second, label_a, label_b):
    text = f"1. It applies if:\n{first} Russia attacks;\n{second} fire is opened.\n2. Talks."
    assert points(text) == [
        P("1", f"It applies if:\n- {label_a}) Russia attacks;\n- {label_b}) fire is opened."),
        P("2", "Talks."),
    ]


@pytest.mark.parametrize("bullet", ["-", "*", "+", "•", "–", "—"])
def test_bulleted_sub_points_stay_inside_the_point(bullet):
    text = f"1. Funds are used for:\n{bullet} roads;\n{bullet} bridges.\n2. Talks."
    assert points(text) == [
        P("1", "Funds are used for:\n- roads;\n- bridges."),
        P("2", "Talks."),
    ]


def test_wrapped_sub_point_and_paragraph_after_the_list():
    text = (
        "1. A committee is set up:\n"
        "  a) every prisoner is\n"
        "     exchanged;\n"
        "\n"
        "  b) every civilian goes home.\n"
        "\n"
        "The committee reports monthly.\n"
        "2. Talks."
    )
    assert points(text) == [
        P(
            "1",
            "A committee is set up:\n- a) every prisoner is exchanged;\n"
            "- b) every civilian goes home.\n\nThe committee reports monthly.",
        ),
        P("2", "Talks."),
    ]


def test_numbered_paragraphs_inside_articles_become_sub_points():
    text = (
        "Article 1\n"
        "1. The parties stop all fire.\n"
        "2. Heavy weapons are withdrawn.\n"
        "Article 2\n"
        "1. Prisoners are exchanged.\n"
        "3. Not a paragraph number, so plain text.\n"
    )
    assert points(text) == [
        P("1", "- 1) The parties stop all fire.\n- 2) Heavy weapons are withdrawn."),
        P("2", "- 1) Prisoners are exchanged. 3. Not a paragraph number, so plain text."),
    ]


# --- headings -------------------------------------------------------------------


def test_headings_are_recorded_carried_over_and_left_out_of_the_text():
    text = (
        "# Security guarantees\n"
        "1. A US guarantee.\n"
        "2. A European force.\n"
        "\n"
        "PART II\n"
        "\n"
        "3. Elections.\n"
        "Section 3: Economy\n"
        "4. A fund.\n"
        "Annex\n"
        "5. Maps.\n"
        "\n"
        "Humanitarian questions\n"
        "6. Prisoners.\n"
        "**Final provisions**\n"
        "7. Entry into force.\n"
    )
    assert points(text) == [
        P("1", "A US guarantee.", "Security guarantees"),
        P("2", "A European force.", "Security guarantees"),
        P("3", "Elections.", "PART II"),
        P("4", "A fund.", "Section 3: Economy"),
        P("5", "Maps.", "Annex"),
        P("6", "Prisoners.", "Humanitarian questions"),
        P("7", "Entry into force.", "Final provisions"),
    ]


def test_stacked_headings_keep_the_nearest():
    text = "Part II\nSecurity guarantees\n1. A US guarantee."
    assert parse_draft(text) == ParsedDraft(
        preamble="", points=[P("1", "A US guarantee.", "Security guarantees")]
    )


def test_heading_shaped_line_not_followed_by_a_point_stays_in_the_text():
    text = "1. The plant is run jointly.\n\nNo consensus\n\nTalks go on.\n2. Talks."
    assert points(text) == [
        P("1", "The plant is run jointly.\n\nNo consensus\n\nTalks go on."),
        P("2", "Talks."),
    ]


def test_wrapped_line_with_a_capital_before_a_point_is_no_heading():
    text = (
        "1. Joint projects with the United States and European partners are built in\n"
        "Kharkiv region\n"
        "2. Talks."
    )
    assert points(text) == [
        P(
            "1",
            "Joint projects with the United States and European partners are built in "
            "Kharkiv region",
        ),
        P("2", "Talks."),
    ]


def test_short_text_after_a_label_is_a_title_when_a_sentence_follows():
    text = "1. Territory\nUkraine keeps the line of contact.\n2. Elections\nare held soon."
    assert points(text) == [
        P("1", "Territory\n\nUkraine keeps the line of contact."),
        P("2", "Elections are held soon."),
    ]


def test_preamble_keeps_its_title_and_heading_goes_to_the_point():
    text = (
        "DRAFT CEASEFIRE AGREEMENT\n"
        "The parties, wishing to end the war,\n"
        "agree as follows:\n"
        "\n"
        "Ceasefire\n"
        "1. All fire stops.\n"
    )
    assert parse_draft(text) == ParsedDraft(
        preamble="DRAFT CEASEFIRE AGREEMENT\n\n"
        "The parties, wishing to end the war, agree as follows:",
        points=[P("1", "All fire stops.", "Ceasefire")],
    )


# --- figures that are not point numbers ---------------------------------------------


def test_numbers_inside_sentences_are_not_points():
    text = (
        "1. Ukraine's forces are capped at 600,000.\n"
        "2. Elections are held within 100 days.\n"
        "3. Neither side claims the 1991 borders.\n"
    )
    assert points(text) == [
        P("1", "Ukraine's forces are capped at 600,000."),
        P("2", "Elections are held within 100 days."),
        P("3", "Neither side claims the 1991 borders."),
    ]


def test_wrapped_lines_starting_with_a_figure_join_the_point():
    text = (
        "1. Ukraine joins the EU by the end of\n"
        "2026 at the latest.\n"
        "2. Heavy weapons are pulled back to\n"
        "15 - 20 km from the line of contact.\n"
        "3. Monitors are aged over\n"
        "21. Their mandate is renewable.\n"
        "4. The army is capped at\n"
        "600,000. Reserves are not counted.\n"
        "5. Investment reaches $100 billion in\n"
        "1.5 years.\n"
    )
    assert points(text) == [
        P("1", "Ukraine joins the EU by the end of 2026 at the latest."),
        P("2", "Heavy weapons are pulled back to 15 - 20 km from the line of contact."),
        P("3", "Monitors are aged over 21. Their mandate is renewable."),
        P("4", "The army is capped at 600,000. Reserves are not counted."),
        P("5", "Investment reaches $100 billion in 1.5 years."),
    ]


def test_wrapped_short_figure_line_is_plain_text_not_a_title():
    text = "1. A ceasefire.\n2. Weapons are pulled back by\n15 - 20 Km\nWithin a week.\n3. Talks."
    assert points(text) == [
        P("1", "A ceasefire."),
        P("2", "Weapons are pulled back by 15 - 20 Km Within a week."),
        P("3", "Talks."),
    ]


def test_single_article_with_numbered_paragraphs():
    text = "Article 1\n1. The parties stop all fire.\n2. Monitors verify it."
    assert points(text) == [
        P("1", "- 1) The parties stop all fire.\n- 2) Monitors verify it."),
    ]


def test_wrapped_figure_on_the_last_line_after_an_unfinished_sentence_is_text():
    text = "1. A ceasefire.\n2. Monitors are aged over\n21. Their mandate is renewable."
    assert points(text) == [
        P("1", "A ceasefire."),
        P("2", "Monitors are aged over 21. Their mandate is renewable."),
    ]


def test_wrapped_year_in_the_preamble_is_not_a_point():
    text = "Agreed in Geneva on 23 November\n2025 by the delegations.\n1. A ceasefire.\n2. Talks."
    assert parse_draft(text) == ParsedDraft(
        preamble="Agreed in Geneva on 23 November 2025 by the delegations.",
        points=[P("1", "A ceasefire."), P("2", "Talks.")],
    )


def test_stray_keyword_label_in_the_preamble_does_not_set_the_style():
    text = (
        "The delegations want a guarantee for Ukraine that mirrors the terms of\n"
        "Article 5. Both sides agree:\n"
        "1. A ceasefire.\n"
        "2. Talks."
    )
    assert parse_draft(text) == ParsedDraft(
        preamble="The delegations want a guarantee for Ukraine that mirrors the terms of "
        "Article 5. Both sides agree:",
        points=[P("1", "A ceasefire."), P("2", "Talks.")],
    )


def test_gaps_in_the_numbering_are_kept():
    text = "1. A ceasefire.\n2. Talks.\n5. Elections.\n6. Amnesty.\n9. Entry into force."
    assert [p.number for p in points(text)] == ["1", "2", "5", "6", "9"]


def test_excerpt_starting_after_point_one():
    text = "13. Russia rejoins the G8.\n14. Frozen funds are invested."
    assert points(text) == [
        P("13", "Russia rejoins the G8."),
        P("14", "Frozen funds are invested."),
    ]


def test_single_point_paste():
    assert points("7. Ukraine keeps 800,000 troops in peacetime.") == [
        P("7", "Ukraine keeps 800,000 troops in peacetime.")
    ]


# --- whitespace and paragraphs ----------------------------------------------------


def test_windows_line_endings_and_stray_whitespace():
    text = (
        "\ufeff  Preamble  text\t here. \r\n\r\n"
        "  1.\tA   ceasefire\u00a0is\r\n   agreed.  \r\n"
        "\r\n\r\n\r\n"
        "2. Talks.\r\n"
    )
    assert parse_draft(text) == ParsedDraft(
        preamble="Preamble text here.",
        points=[P("1", "A ceasefire is agreed."), P("2", "Talks.")],
    )


def test_paragraphs_inside_a_point_are_separated_by_one_blank_line():
    text = "1. First paragraph\nwrapped.\n\n\n\nSecond paragraph.\n2. Talks."
    assert points(text) == [
        P("1", "First paragraph wrapped.\n\nSecond paragraph."),
        P("2", "Talks."),
    ]


def test_line_broken_after_a_hyphen_continues_the_word():
    text = "1. A climate for de-\nescalation is built - step\nby step -\nwith monitors."
    assert points(text) == [
        P("1", "A climate for de-escalation is built - step by step - with monitors.")
    ]


def test_no_preamble_gives_empty_string():
    assert parse_draft("1. A ceasefire.").preamble == ""


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t\r\n  "])
def test_empty_input(text):
    with pytest.raises(DraftParseError, match=r"^The pasted text is empty\.$"):
        parse_draft(text)


def test_text_without_points_counts_the_lines_it_read():
    with pytest.raises(
        DraftParseError,
        match=r"^No numbered points found at the start of any of the 2 lines: .*\.$",
    ):
        parse_draft("A ceasefire is agreed.\nTalks follow within 100 days.")
    with pytest.raises(
        DraftParseError, match=r"^No numbered points found at the start of the one line: "
    ):
        parse_draft("A ceasefire is agreed.")


def test_duplicate_point():
    text = "1. A.\n2. B.\n3. C.\n4. D.\n5. E.\n6. F.\n7. G.\n7. G again.\n8. H."
    with pytest.raises(DraftParseError, match=r"^Point 7 appears twice: on lines 7 and 8\.$"):
        parse_draft(text)


def test_duplicate_lettered_point():
    with pytest.raises(DraftParseError, match=r"^Point 2a appears twice: on lines 4 and 6\.$"):
        parse_draft("Preamble.\n1. A.\n2. B.\n2a. C.\n\n2a. C again.")


def test_empty_point():
    with pytest.raises(DraftParseError, match=r"^Point 4 \(line 4\) has no text\.$"):
        parse_draft("1. A.\n2. B.\n3. C.\n4.\n\n5. E.")


def test_empty_last_point():
    with pytest.raises(DraftParseError, match=r"^Point 2 \(line 3\) has no text\.$"):
        parse_draft("Article 1\nA ceasefire.\nArticle 2\n")


def test_text_too_long():
    text = "1. A ceasefire.\r\n2. " + "x" * MAX_TEXT_CHARS
    too_long = r"^The pasted text is too long: .* 200,000, reached on line 2\.$"
    with pytest.raises(DraftParseError, match=too_long):
        parse_draft(text)


def test_point_too_long():
    text = "1. A ceasefire.\n2. " + "word " * (MAX_POINT_CHARS // 5 + 1) + "\n3. Talks."
    with pytest.raises(
        DraftParseError, match=r"^Point 2 \(from line 2\) is too long: .* 10,000\.$"
    ):
        parse_draft(text)


def test_error_is_a_value_error():
    assert issubclass(DraftParseError, ValueError)


# --- a realistic paste -----------------------------------------------------------------

CEASEFIRE_DRAFT = """\
DRAFT ARRANGEMENT FOR A CEASEFIRE ON THE NORTHERN FRONT
(working text, 14 March, not agreed)

The two delegations, meeting under the chairmanship of the
mediators, have agreed on the following points.

Part I - Ceasefire

1. A full and comprehensive ceasefire takes effect at 00:01 on the
day after signature, on land, at sea and in the air.

2. Within 14 days, both sides pull heavy weapons back to at least
15 - 20 km from the line of contact, as follows:
a) artillery of calibre over 100 mm;
b) multiple rocket launchers;
c) tanks.

3. A joint monitoring mission of no more than
400 observers verifies the pullback.

Part II - Humanitarian questions

4. Prisoners are exchanged on an "all for all" basis.
5. Civilians detained since 2022 are released within 30 days.
5a. Children are returned to their families first.

6. Humanitarian corridors open along the routes in Annex 1:
- the northern highway;
- the river crossing at the old bridge.

Part III - Implementation

7. A coordination commission meets weekly and reports to
the mediators.
8. Either side may raise a breach with the commission, which
answers within 48 hours.

9. Talks on a political settlement begin no later than
2026. Neither side may link them to the exchange in point 4.

10. This arrangement enters into force on signature.
"""


def test_realistic_ceasefire_draft():
    draft = parse_draft(CEASEFIRE_DRAFT)
    assert draft.preamble == (
        "DRAFT ARRANGEMENT FOR A CEASEFIRE ON THE NORTHERN FRONT\n\n(working text, 14 March, "
        "not agreed)\n\nThe two delegations, meeting under the chairmanship of the mediators, "
        "have agreed on the following points."
    )
    assert draft.points == [
        P(
            "1",
            "A full and comprehensive ceasefire takes effect at 00:01 on the day after "
            "signature, on land, at sea and in the air.",
            "Part I - Ceasefire",
        ),
        P(
            "2",
            "Within 14 days, both sides pull heavy weapons back to at least 15 - 20 km from "
            "the line of contact, as follows:\n- a) artillery of calibre over 100 mm;\n"
            "- b) multiple rocket launchers;\n- c) tanks.",
            "Part I - Ceasefire",
        ),
        P(
            "3",
            "A joint monitoring mission of no more than 400 observers verifies the pullback.",
            "Part I - Ceasefire",
        ),
        P(
            "4",
            'Prisoners are exchanged on an "all for all" basis.',
            "Part II - Humanitarian questions",
        ),
        P(
            "5",
            "Civilians detained since 2022 are released within 30 days.",
            "Part II - Humanitarian questions",
        ),
        P(
            "5a",
            "Children are returned to their families first.",
            "Part II - Humanitarian questions",
        ),
        P(
            "6",
            "Humanitarian corridors open along the routes in Annex 1:\n"
            "- the northern highway;\n- the river crossing at the old bridge.",
            "Part II - Humanitarian questions",
        ),
        P(
            "7",
            "A coordination commission meets weekly and reports to the mediators.",
            "Part III - Implementation",
        ),
        P(
            "8",
            "Either side may raise a breach with the commission, which answers within 48 hours.",
            "Part III - Implementation",
        ),
        P(
            "9",
            "Talks on a political settlement begin no later than 2026. Neither side may link "
            "them to the exchange in point 4.",
            "Part III - Implementation",
        ),
        P("10", "This arrangement enters into force on signature.", "Part III - Implementation"),
    ]


# --- breaks in the numbering (rule 9) --------------------------------------------------


def test_a_line_in_another_style_folding_into_a_point_is_flagged_with_the_skip_it_causes():
    text = "1. One.\n2. Two.\n3. Three.\n4) Four, numbered another way.\n5. Five."

    parsed = parse_draft(text)

    assert [point.number for point in parsed.points] == ["1", "2", "3", "5"]
    assert parsed.points[2].text == "Three. 4) Four, numbered another way."
    assert parsed.warnings == [
        NumberingWarning(
            "3",
            4,
            "4) Four, numbered another way.",
            "Numbered like a point, but kept in the text of point 3.",
        ),
        NumberingWarning("5", 5, "5. Five.", "Point 5 follows point 3: point 4 is missing."),
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        (
            "1. One.\n2. Two.\n5. Five.\n6. Six.",
            [(3, "Point 5 follows point 2: points 3 and 4 are missing.")],
        ),
        (
            "1. One.\n9. Nine.\n10. Ten.",
            [(2, "Point 9 follows point 1: points 2 to 8 are missing.")],
        ),
        ("3. Three.\n4. Four.", [(1, "The first point is numbered 3, not 1.")]),
        ("1. One.\n1b. One b.\n2. Two.", [(2, "Point 1b follows point 1: the numbering skips.")]),
        (
            "1. Aged under\n3. years.\n2. Two.",
            [(2, "Numbered like a point, but kept in the text of point 1.")],
        ),
    ],
)
def test_gaps_and_numbers_kept_in_the_text_are_flagged_with_their_line(text, flagged):
    warnings = parse_draft(text).warnings

    assert [(warning.line, warning.message) for warning in warnings] == flagged
    assert all(warning.text == text.splitlines()[warning.line - 1] for warning in warnings)


def test_a_regular_numbering_with_lettered_points_and_sub_points_is_not_flagged():
    text = "Article 1\n1. The parties stop.\n2. Weapons go.\nArticle 1a\nText.\nArticle 2\nEnd."

    assert parse_draft(text).warnings == []
    assert parse_draft("1. One.\n1a. One a.\n1b. One b.\n2. Two:\na) x;\nb) y.").warnings == []


# --- any input: points or the parser's own error ----------------------------------------

_LABELS = st.sampled_from(
    ["1.", "2.", "3)", "(4)", "5 -", "10a.", "Article 1", "Point 2:", "a)", "(ii)", "- ", "# ", ""]
)
_WORDS = st.text(
    alphabet=st.sampled_from("aZ09 .,:;)(-–—*_#•\t\u00a0\u200b\ufeff\x00\x0b\x1f\u2028"),
    max_size=30,
)
_LINES = st.lists(st.tuples(_LABELS, _WORDS).map(lambda pair: " ".join(pair)), max_size=25)


def _parse_or_refuse(text):
    try:
        parsed = parse_draft(text)
    except DraftParseError as error:
        assert str(error)
        return
    assert parsed.points
    assert all(point.text and point.number for point in parsed.points)
    assert len({point.number for point in parsed.points}) == len(parsed.points)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES, st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\v"]))
def test_any_numbered_looking_text_parses_or_raises_the_parsers_own_error(lines, newline):
    _parse_or_refuse(newline.join(lines))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_at_all_parses_or_raises_the_parsers_own_error(text):
    _parse_or_refuse(text)


# --- no Django ------------------------------------------------------------------------------
