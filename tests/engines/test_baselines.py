"""Tests for the choice of base and the status of each cell (provisions.engines.baselines).

The versions are made up: a first draft, a reported summary revising it, a complete text
revising the summary, a sibling counter-proposal and a late reported text that revises nothing.
"""

import pytest

from provisions.engines.baselines import (
    ADDED,
    AMENDED,
    BASE,
    CHOSEN,
    FIRST,
    LABELS,
    LINEAGE,
    NEAREST,
    NOT_COMPARED,
    NOT_IN_TEXT,
    NOT_REPORTED,
    REMOVED,
    REPORTED,
    REPORTED_DIFFERENTLY,
    REVISES,
    REWRITTEN,
    STATUSES,
    SYMBOLS,
    UNCHANGED,
    VERBATIM,
    Baseline,
    VersionInfo,
    choose_baseline,
    describe,
    lineage,
    relate_row,
    row_changed,
)

DRAFT = VersionInfo("draft")
COUNTER = VersionInfo("counter", based_on="draft")
TALKS = VersionInfo("talks", basis=REPORTED, complete=False, based_on="draft")
FRAMEWORK = VersionInfo("framework", based_on="talks")
LATE = VersionInfo("late", basis=REPORTED, complete=False)
SHOWN = [DRAFT, COUNTER, TALKS, FRAMEWORK, LATE]

CAP = "The army is to be held to 600,000 personnel."
CAP_AMENDED = "The army is to be held to 800,000 personnel in peacetime."
CAP_REPORTED = "Officials said the troop ceiling was among the points left open for leaders."
CAP_REWRITTEN = "Force size follows a separate annex agreed by defence ministers."


def test_a_cell_is_compared_with_the_version_it_revises():
    baseline = choose_baseline(COUNTER, SHOWN, {"draft", "counter"})
    assert baseline == Baseline("draft", REVISES)


def test_the_chain_is_followed_back_when_the_subject_is_missing_there():
    baseline = choose_baseline(FRAMEWORK, SHOWN, {"draft", "counter", "framework"})
    assert baseline.slug == "draft"
    assert baseline.reason == LINEAGE
    assert baseline.skipped == (("talks", "missing"),)


def test_a_reported_summary_is_passed_over_for_an_earlier_text_of_the_subject():
    baseline = choose_baseline(FRAMEWORK, SHOWN, {"draft", "talks", "framework"})
    assert baseline.slug == "draft"
    assert baseline.skipped == (("talks", "reported"),)


def test_a_reported_summary_is_the_base_when_no_text_of_the_subject_exists_earlier():
    baseline = choose_baseline(FRAMEWORK, SHOWN, {"talks", "framework"})
    assert baseline == Baseline("talks", REVISES)


def test_a_text_outside_the_chain_replaces_a_reported_base_when_the_chain_has_no_text():
    shown = [COUNTER, TALKS, FRAMEWORK]  # the draft the chain leads to is not shown
    based_on = {"counter": "draft", "talks": "draft", "framework": "talks", "draft": None}
    baseline = choose_baseline(FRAMEWORK, shown, {"counter", "talks", "framework"}, based_on)
    assert baseline.slug == "counter"
    assert baseline.reason == NEAREST
    assert baseline.skipped == (("talks", "reported"),)


def test_a_chain_through_a_version_not_shown_still_reaches_its_ancestor():
    shown = [DRAFT, FRAMEWORK]
    based_on = {"framework": "talks", "talks": "draft", "draft": None}
    baseline = choose_baseline(FRAMEWORK, shown, {"draft", "framework"}, based_on)
    assert baseline == Baseline("draft", LINEAGE)


def test_a_version_revising_nothing_shown_is_compared_with_the_nearest_earlier_text():
    baseline = choose_baseline(LATE, SHOWN, {"draft", "counter", "talks", "late"})
    assert baseline == Baseline("counter", NEAREST)


def test_the_first_version_has_no_base():
    assert choose_baseline(DRAFT, SHOWN, {"draft", "counter"}) == Baseline(None)


def test_lineage_stops_at_a_cycle():
    assert lineage("a", {"a": "b", "b": "a"}) == ["b"]
    assert lineage("a", {"a": "a"}) == []


def test_every_cell_of_a_row_gets_a_status_and_names_its_base():
    texts = {"draft": CAP, "counter": CAP_AMENDED, "talks": CAP_REPORTED, "framework": CAP_AMENDED}
    row = relate_row(SHOWN, texts)
    assert {slug: cell.status for slug, cell in row.items()} == {
        "draft": FIRST,
        "counter": AMENDED,
        "talks": REPORTED_DIFFERENTLY,
        "framework": AMENDED,  # against the draft, not the reported talks
        "late": NOT_REPORTED,
    }
    assert row["framework"].base == "draft"
    assert row["talks"].base == "draft"
    assert all(cell.base for slug, cell in row.items() if slug != "draft")


def test_a_pair_with_a_reported_side_is_reported_differently_never_rewritten():
    texts = {"draft": CAP, "talks": CAP_REPORTED}
    assert relate_row([DRAFT, TALKS], texts)["talks"].status == REPORTED_DIFFERENTLY
    texts = {"draft": CAP, "counter": CAP_REWRITTEN}
    assert relate_row([DRAFT, COUNTER], texts)["counter"].status == REWRITTEN


def test_whitespace_alone_is_unchanged_even_against_a_reported_summary():
    texts = {"draft": CAP, "talks": CAP.replace(" ", "\n")}
    assert relate_row([DRAFT, TALKS], texts)["talks"].status == UNCHANGED


def test_absence_from_a_complete_revision_is_a_removal_and_from_a_partial_text_not_reported():
    row = relate_row(SHOWN, {"draft": CAP})
    assert row["counter"].status == REMOVED
    assert row["talks"].status == NOT_REPORTED
    assert row["framework"].status == REMOVED  # through the chain: talks -> draft
    assert row["late"].status == NOT_REPORTED


def test_absence_from_a_text_that_revises_nothing_shown_is_not_a_removal():
    other = VersionInfo("other")
    row = relate_row([DRAFT, other], {"draft": CAP})
    assert row["other"].status == NOT_IN_TEXT


def test_a_recorded_removal_counts_even_from_a_partial_text():
    row = relate_row(SHOWN, {"draft": CAP}, removed={"talks"})
    assert row["talks"].status == REMOVED


def test_a_subject_new_after_the_first_column_is_added():
    row = relate_row(SHOWN, {"counter": CAP})
    assert row["counter"].status == ADDED
    assert row["draft"].status == NOT_IN_TEXT


def test_a_fixed_base_compares_every_column_with_it():
    texts = {"draft": CAP, "counter": CAP_AMENDED, "talks": CAP_REPORTED, "framework": CAP}
    row = relate_row(SHOWN, texts, base="counter")
    assert row["counter"].status == BASE
    assert row["counter"].base is None
    assert row["draft"].status == AMENDED
    assert row["framework"].status == AMENDED
    assert row["talks"].status == REPORTED_DIFFERENTLY
    assert {row[slug].baseline for slug in ("draft", "talks", "framework", "late")} == {
        Baseline("counter", CHOSEN)
    }


def test_a_fixed_partial_base_without_the_subject_compares_nothing():
    row = relate_row(SHOWN, {"draft": CAP}, base="talks")
    assert row["draft"].status == NOT_COMPARED
    row = relate_row(SHOWN, {"framework": CAP}, base="draft")
    assert row["framework"].status == ADDED


def test_a_verbatim_text_counts_as_a_text():
    verbatim = VersionInfo("official", basis=VERBATIM, based_on="draft")
    row = relate_row([DRAFT, verbatim], {"draft": CAP, "official": CAP_AMENDED})
    assert row["official"].status == AMENDED


def test_absence_and_first_appearance_are_not_changes_but_additions_are():
    steady = relate_row([DRAFT, COUNTER, TALKS], {"draft": CAP, "counter": CAP})
    assert not row_changed(steady.values())
    assert row_changed(relate_row(SHOWN, {"counter": CAP}).values())
    assert row_changed(relate_row(SHOWN, {"draft": CAP}).values())  # removed


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_label_and_a_distinct_symbol(status):
    assert LABELS[status]
    assert list(SYMBOLS.values()).count(SYMBOLS[status]) == 1


def test_describe_names_the_base_and_what_was_passed_over():
    names = {"draft": "First draft", "talks": "Talks summary"}
    baseline = Baseline("draft", LINEAGE, (("talks", "reported"),))
    assert describe(baseline, names) == (
        "Compared with First draft, earlier in its line (Talks summary only reports it)."
    )
    assert describe(Baseline("draft", REVISES), names) == (
        "Compared with First draft, which it revises."
    )
    assert describe(Baseline(None), names) == ""
