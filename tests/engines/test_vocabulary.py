"""The alignment engine's vocabulary: every synonym and every quantity form it knows."""

import pytest

from provisions.engines.alignment import BaseProvision, NewProvision, _terms, align
from provisions.engines.vocabulary import GENERIC_BODY_WORDS, SYNONYMS, duration_term, quantities

ENTRIES = [(concept, phrase) for concept, phrases in SYNONYMS.items() for phrase in phrases]


def word_terms(text: str) -> list[str]:
    terms = _terms(text)
    return terms.stems + terms.concepts


@pytest.mark.parametrize(("concept", "phrase"), ENTRIES, ids=[f"{c}:{p}" for c, p in ENTRIES])
def test_each_phrase_gives_its_concept_term(concept, phrase):
    assert f"~{concept}" in word_terms(f"The parties agree on {phrase} as set out below.")


@pytest.mark.parametrize(("concept", "phrase"), ENTRIES, ids=[f"{c}:{p}" for c, p in ENTRIES])
def test_each_phrase_in_capitals_and_plural_gives_its_concept_term(concept, phrase):
    assert f"~{concept}" in word_terms(f"THE PARTIES AGREE ON {phrase.upper()}S.")


def test_a_text_without_any_phrase_has_no_concept_term():
    assert not any(t.startswith("~") for t in word_terms("The bridge shall be painted blue."))


def test_every_concept_has_at_least_two_phrases_and_no_phrase_serves_two_concepts():
    assert all(len(phrases) >= 2 for phrases in SYNONYMS.values())
    phrases = [phrase.casefold() for _, phrase in ENTRIES]
    assert len(phrases) == len(set(phrases))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("120 days", "four months"),
        ("a full year", "12 months"),
        ("one year", "twelve months"),
        ("half a year", "six months"),
        ("180 days", "6 months"),
        ("two weeks", "14 days"),
        ("a fortnight", "fourteen days"),
        ("every year", "annually"),
        ("60 days", "two months"),
        ("600,000", "600 thousand"),
        ("1.5 million", "1,500,000"),
        ("two dozen", "24"),
        ("a dozen observers", "12 observers"),
        ("four hundred and fifty", "450"),
        ("one thousand five hundred", "1,500"),
        ("five hundred and twenty-five", "525"),
        ("twenty-four months", "two years"),
        ("a decade", "ten years"),
        ("each half year", "six months"),
        ("three hundred thousand", "300,000"),
        ("semi-annual", "six months"),
        ("half-yearly", "every six months"),
        ("fortnightly", "every two weeks"),
        ("twice a year", "every six months"),
        ("twice yearly", "semi-annual"),
        ("four times a year", "every three months"),
        ("every 24 hours", "daily"),
        ("48 hours", "two days"),
        ("fourteen crowns", "14 crowns"),
        ("two per cent", "2 per cent"),
        ("four fifths of the power", "80 per cent of the power"),
        ("a quarter of the seats", "25 per cent of the seats"),
        ("a two-thirds majority", "a 67 per cent majority"),
        ("every other year", "every two years"),
        ("a year and a half", "18 months"),
        ("two and a half years", "30 months"),
        ("forty thousand million cubic metres", "40 billion cubic metres"),
        ("40 thousand million", "40,000,000,000"),
        ("one million five hundred thousand", "1.5 million"),
        ("eleven twentieths go to", "55 per cent go to"),
        ("three fifths to the centre", "60 per cent to the centre"),
        ("two thirds", "67 per cent"),
    ],
)
def test_the_same_quantity_written_two_ways_gives_one_term(first, second):
    def figures(text):
        return [t for t in word_terms(f"Within {text} of signature.") if t[0].isdigit()]

    assert figures(first) == figures(second) != []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("100 days", "three months"),
        ("30 days", "45 days"),
        ("600,000", "800,000"),
        ("semi-annual", "annual"),
        ("half-yearly", "yearly"),
        ("twice a year", "once a year"),
        ("nine hours", "24 hours"),
    ],
)
def test_different_quantities_stay_different(first, second):
    def figures(text):
        return [t for t in word_terms(f"Within {text} of signature.") if t[0].isdigit()]

    assert figures(first) != figures(second)


def test_duration_terms_round_to_months_only_when_close():
    assert duration_term(120) == duration_term(365.25 / 3) == "4~months"
    assert duration_term(100) == "100~days"
    assert duration_term(14) == "14~days"


@pytest.mark.parametrize(
    "text",
    ["one two parties", "15 february 2026", "one and a half", "a third party", "the fifth round"],
)
def test_numbers_that_do_not_make_one_figure_pass_through(text):
    assert quantities(text.split()) == text.split()


def test_two_numbers_side_by_side_stay_two_figures():
    assert quantities(["twenty", "thirty"]) == ["20", "30"]


def test_small_counts_stay_words_so_that_they_do_not_meet_article_numbers():
    assert quantities(["five", "concerns", "under", "article", "5"]) == [
        "five",
        "concerns",
        "under",
        "article",
        "5",
    ]


def test_words_that_are_not_quantities_pass_through():
    tokens = ["a", "ceasefire", "half", "of", "the", "taxes", "15", "february", "every", "party"]
    assert quantities(tokens) == tokens


NEIGHBOURS = (
    "Grain exports through the southern ports shall resume under joint inspection.",
    "A joint commission shall investigate the fate of missing persons.",
)


def links_of_a_point_restated_between_neighbours(base_text: str, new_text: str) -> set:
    """Links of a middle point restated in other words between two unchanged neighbours."""
    base = [
        BaseProvision(str(k), t) for k, t in enumerate((NEIGHBOURS[0], base_text, NEIGHBOURS[1]))
    ]
    new = [NewProvision(str(k), t) for k, t in enumerate((NEIGHBOURS[0], new_text, NEIGHBOURS[1]))]
    return {(link.base, link.new) for link in align(base, new).links}


@pytest.mark.parametrize(
    ("base_text", "new_text"),
    [
        (
            "An immediate ceasefire shall take effect along the whole front.",
            "Both armies shall halt all firing and refrain from offensive operations.",
        ),
        (
            "The arrangement shall remain in force for 120 days.",
            "This pause is agreed for four months.",
        ),
        (
            "Sanctions imposed by the Union shall be eased.",
            "Restrictive measures shall be relaxed step by step.",
        ),
    ],
)
def test_a_point_restated_in_other_words_is_linked_and_an_unrelated_one_is_not(base_text, new_text):
    assert ("1", "1") in links_of_a_point_restated_between_neighbours(base_text, new_text)
    unrelated = "The national football league shall be reformed."
    assert ("1", "1") not in links_of_a_point_restated_between_neighbours(base_text, unrelated)


@pytest.mark.parametrize("word", GENERIC_BODY_WORDS.split())
def test_each_joint_body_word_alone_does_not_link_two_subjects(word):
    base = [
        BaseProvision("1", f"The {word} on fishing quotas in the northern bay."),
        BaseProvision("2", "Tariffs on steel shall be lowered by half."),
        BaseProvision("3", "Pensions shall be paid in every district."),
    ]
    new = [NewProvision("1", f"The {word} on mining licences for the mountain provinces.")]
    assert align(base, new).links == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("parties", "party"),
        ("notified", "notify"),
        ("countries", "country"),
        ("ratified", "ratify"),
    ],
)
def test_a_plural_or_past_in_ies_or_ied_meets_its_word_in_y(first, second):
    assert word_terms(first) == word_terms(second)


def test_a_discharge_of_waste_is_no_release_of_water():
    assert "~water-flow" not in word_terms("No party shall discharge untreated waste.")
    assert "~water-flow" in word_terms("Water releases from the dam shall be agreed.")
