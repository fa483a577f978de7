"""Tests for the "What changed" notes (provisions.engines.changes), on made-up sentences."""

import re

import pytest

from provisions.engines import changes
from provisions.engines.changes import (
    DATE,
    DURATION,
    FIGURE,
    KIND_LABELS,
    KINDS,
    MODAL,
    NAME,
    NEGATION,
    Change,
    what_changed,
)
from provisions.engines.diffing import change_spans


def test_change_spans_locate_each_change_in_both_texts():
    old, new = "The fund holds 10 units in Lyon.", "The fund holds 12 units in Oslo."
    spans = change_spans(old, new)
    assert [(old[a:b], new[c:d]) for a, b, c, d in spans] == [("10", "12"), ("Lyon", "Oslo")]


def test_change_spans_of_a_pure_insertion_are_empty_on_the_old_side():
    old, new = "Troops will leave.", "Troops will not leave."
    [(a, b, c, d)] = change_spans(old, new)
    assert a == b
    assert new[c:d].strip() == "not"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Elections are to be held within 100 days.",
            "Elections are to be held within 180 days.",
            [Change(DURATION, "100 days", "180 days")],
        ),
        (
            "The brigade is capped at 12,000 soldiers.",
            "The brigade is capped at 15,500 soldiers.",
            [Change(FIGURE, "12,000", "15,500")],
        ),
        (
            "A grant of $40 million and a 5% levy apply.",
            "A grant of $1 billion and a 7% levy apply.",
            [Change(FIGURE, "$40 million", "$1 billion"), Change(FIGURE, "5%", "7%")],
        ),
        (
            "The summit opens on 3 May 2031 in the capital.",
            "The summit opens on 9 June 2031 in the capital.",
            [Change(DATE, "3 May 2031", "9 June 2031")],
        ),
        (
            "Border posts reopen by 2029 at the latest.",
            "Border posts reopen by 2032 at the latest.",
            [Change(DATE, "2029", "2032")],
        ),
    ],
)
def test_figures_durations_and_dates_that_changed(old, new, expected):
    assert what_changed(old, new) == expected


def test_a_figure_dropped_by_a_replacement_is_noted_with_an_empty_side():
    old = "A vote is to take place in 90 days."
    new = "A vote is to take place once the monitors report."
    assert what_changed(old, new) == [Change(DURATION, "90 days", "")]


def test_a_figure_that_only_moved_is_not_noted_as_dropped():
    old = "Within 30 days the garrison withdraws from the port."
    new = "The garrison withdraws from the port within 30 days."
    assert all(change.kind != DURATION for change in what_changed(old, new))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Arland, Borvia and the Northern League are to sign a pact.",
            "Arland, Borvia and the Coastal Union are to sign a pact.",
            Change(NAME, "Northern League", "Coastal Union"),
        ),
        (
            "Eastern patrol boats are to be based in Velmar.",
            "ACME patrol boats are to be based in Velmar.",
            Change(NAME, "Eastern", "ACME"),
        ),
        (
            "A pledge mirroring the charter, on these terms:",
            "A pledge mirroring Article 12 of the charter, on these terms:",
            Change(NAME, "", "Article 12"),
        ),
    ],
)
def test_parties_and_names_that_changed(old, new, expected):
    assert what_changed(old, new) == [expected]


def test_a_capitalised_word_opening_a_new_sentence_is_not_a_name():
    old = "The truce starts at once."
    new = "The truce starts at once. Details for the truce are to follow."
    assert [change for change in what_changed(old, new) if change.kind == NAME] == []


def test_names_the_caller_knows_are_names_even_at_a_sentence_start():
    old = "Talks continue. Ostria is to be consulted."
    new = "Talks continue. Ostria is to be informed."
    assert what_changed(old, new, names=["Ostria"]) == []
    old, new = "Ostria is to be consulted.", "Pellmark is to be consulted."
    assert what_changed(old, new, names=["Ostria", "Pellmark"]) == [
        Change(NAME, "Ostria", "Pellmark")
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("The corridor is to be opened.", "The corridor may be opened.", ("is to", "may")),
        ("The fleet will withdraw.", "The fleet will not withdraw.", ("will", "will not")),
        ("Each side must report.", "Each side should report.", ("must", "should")),
        (
            "The state undertakes to disarm.",
            "The state undertakes not to disarm.",
            ("undertakes to", "undertakes not to"),
        ),
    ],
)
def test_modal_shifts(old, new, expected):
    assert what_changed(old, new) == [Change(MODAL, *expected)]


def test_a_negation_put_in_is_noted_with_its_context():
    old = "The annex is binding on both parties."
    new = "The annex is not binding on both parties."
    assert what_changed(old, new) == [
        Change(NEGATION, "annex is binding on", "annex is not binding on")
    ]


def test_a_negation_inside_a_long_new_passage_is_not_a_flipped_meaning():
    old = "The board meets monthly."
    new = "The board meets monthly, and no member may send a deputy to any of its sessions."
    assert all(change.kind != NEGATION for change in what_changed(old, new))


def test_a_long_deleted_passage_does_not_list_its_names_or_modals():
    old = (
        "Aid flows freely.\n- Should Ostria strike Lanvik or Port Merrow with rockets, "
        "the pledge is to be treated as void and Velmar will take over."
    )
    new = "Aid flows freely."
    assert what_changed(old, new) == []


def test_a_rewrite_notes_nothing_and_equal_texts_note_nothing():
    assert what_changed("Troops: 600,000.", "An annex settles numbers with 800,000 then.") == []
    assert what_changed("The army has 5 brigades.", "The army has 5 brigades.") == []


def test_each_change_is_noted_once_in_text_order():
    old = "Lanvik will pay 10 units by 2030, and Lanvik will pay 10 units by 2030."
    new = "Lanvik may pay 12 units by 2031, and Lanvik may pay 12 units by 2031."
    assert what_changed(old, new) == [
        Change(MODAL, "will", "may"),
        Change(FIGURE, "10", "12"),
        Change(DATE, "2030", "2031"),
    ]


def test_every_kind_has_a_label():
    assert set(KIND_LABELS) == set(KINDS)
    assert Change(NAME, "a", "b").label == "Parties and names"


def _unguarded(pattern):
    """The pattern without the look-ahead on first characters that opens it."""
    source = re.sub(r"^\\b\(\?=\[[^\]]*\]\)", r"\\b", pattern.pattern)
    assert source != pattern.pattern
    return re.compile(source, pattern.flags)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (
            changes.DATE_RE,
            "Signed 1 March 2026, due March 1, 2026 or June 2026, filed 2026-01-02, since 1999; "
            "January 5, February 6, April 7, May 8, July 9, August 10, September 11, "
            "October 12, November 13, December 14; 3.2026 and 2026,5 are no dates.",
        ),
        (
            changes.DURATION_RE,
            "An hour, a day, 2.5 years, 3 weeks, one year, two weeks, three months, four years, "
            "five years, six months, seven days, eight months, nine months, ten days, Eleven "
            "years, twelve hours, fifteen weeks, Twenty days, thirty days, forty years, "
            "Forty-five days, sixty days, ninety calendar days, hundred working days.",
        ),
        (
            changes.MODAL_RE,
            "It is to, they are not to, it was expected to, were to; will, shall not, must, "
            "may, might, should, could, would, won't, cannot, can not, Can; it undertakes to, "
            "commits not to, Agrees to, pledges to.",
        ),
    ],
)
def test_the_first_character_guards_change_no_match(pattern, text):
    found = [match.group() for match in pattern.finditer(text)]
    assert found == [match.group() for match in _unguarded(pattern).finditer(text)]
    assert len(found) >= 16  # each alternative of the pattern found at least once
