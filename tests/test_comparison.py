import datetime

import pytest
from django.http import QueryDict

from provisions import comparison, exports, loading
from provisions.engines.changes import FIGURE, Change
from provisions.forms import RequestError
from provisions.models import Removal
from tests.factories import make_provision, make_source, make_theme, make_thread, make_version

pytestmark = pytest.mark.django_db

NO_FILTERS = QueryDict("")


def dated(day, **fields):
    return make_version(published=datetime.date(2025, 11, day), **fields)


def pair(old, new, query=""):
    return loading.pair_comparison(old.slug, new.slug, QueryDict(query))


def row_for(result, thread):
    (row,) = [row for row in result.rows if thread.pk in {t.pk for t in row.threads}]
    return row


def test_it_aligns_rows_by_thread_not_by_number():
    cap, pact = make_thread(title="Army cap"), make_thread(title="Pact")
    old, new = dated(1), dated(2)
    make_provision(old, number="1", threads=[cap], text="A cap of 600,000 personnel.")
    make_provision(old, number="2", threads=[pact], text="A pact of non-aggression.")
    make_provision(new, number="1", threads=[pact], text="A pact of non-aggression.")
    make_provision(new, number="2", threads=[cap], text="A cap of 800,000 personnel.")

    result = pair(old, new)

    cap_row = row_for(result, cap)
    assert cap_row.kind == comparison.AMENDED
    assert [cell.numbers for cell in cap_row.cells] == [["1"], ["2"]]
    assert cap_row.renumbered
    assert row_for(result, pact).kind == comparison.RENUMBERED
    assert len(result.rows) == 2


def test_it_marks_unchanged_added_and_removed_rows():
    kept, dropped, new_subject = make_thread(), make_thread(), make_thread()
    old, new = dated(1), dated(2)
    make_provision(old, threads=[kept], text="Same words.")
    make_provision(old, threads=[dropped], text="Gone later.")
    make_provision(new, threads=[kept], text="Same  words.\n")
    make_provision(new, threads=[new_subject], text="Brand new.")

    result = pair(old, new)

    assert row_for(result, kept).kind == comparison.UNCHANGED
    assert row_for(result, dropped).kind == comparison.REMOVED
    assert row_for(result, new_subject).kind == comparison.ADDED
    counts = {kind: count for kind, _label, count in result.counts if count}
    assert counts == {"added": 1, "removed": 1, "unchanged": 1}


def test_an_amended_row_carries_the_word_diff_and_what_changed():
    cap = make_thread(title="Cap on the army")
    old, new = dated(1), dated(2)
    make_provision(old, threads=[cap], text="The army is capped at 600,000 personnel.")
    make_provision(new, threads=[cap], text="The army is capped at 800,000 personnel in peacetime.")

    result = pair(old, new)

    row = row_for(result, cap)
    assert ("delete", "600,000") in [(piece.op, piece.text) for piece in row.pieces]
    assert row.changes == [Change(FIGURE, "600,000", "800,000")]
    assert result.change_rows == [row]


def test_texts_that_share_too_little_are_marked_rewritten_without_an_inline_diff():
    subject = make_thread()
    old, new = dated(1), dated(2)
    make_provision(old, threads=[subject], text="Ukraine renounces alliance membership.")
    make_provision(new, threads=[subject], text="Whether it joins rests on consensus.")

    row = row_for(pair(old, new), subject)

    assert row.kind == comparison.AMENDED
    assert row.rewritten
    assert row.pieces == []


def test_threads_sharing_a_provision_share_one_row_and_nothing_is_repeated():
    first, second = make_thread(slug="first"), make_thread(slug="second")
    old, new = dated(1), dated(2)
    make_provision(old, number="3", threads=[first], text="First subject.")
    make_provision(old, number="4", threads=[second], text="Second subject.")
    merged = make_provision(new, number="3", threads=[first, second], text="Both subjects.")

    result = pair(old, new)

    (row,) = result.rows
    assert {thread.slug for thread in row.threads} == {"first", "second"}
    assert [cell.numbers for cell in row.cells] == [["3", "4"], ["3"]]
    assert [provision.pk for provision in row.cells[1].provisions] == [merged.pk]
    assert row.anchor == "t-first" and row.extra_anchors == ["t-second"]


def test_several_provisions_of_one_thread_share_a_cell_each_labelled():
    subject = make_thread()
    old, new = dated(1), dated(2)
    make_provision(old, number="6", threads=[subject], text="One point.")
    make_provision(new, number="6", threads=[subject], text="One point.")
    make_provision(new, number="7", threads=[subject], text="A second point.")

    (row,) = pair(old, new).rows

    assert row.kind == comparison.AMENDED
    assert row.cells[1].text == "Point 6\nOne point.\n\nPoint 7\nA second point."
    inserted = "".join(piece.text for piece in row.pieces if piece.op == "insert")
    assert "Point 7" in inserted and "Point 6" not in inserted


def test_provisions_without_a_thread_get_rows_of_their_own():
    old, new = dated(1), dated(2)
    make_provision(old, number="9", text="Unaligned old point.")
    make_provision(new, number="9", text="Unaligned new point.")

    result = pair(old, new)

    assert sorted(row.kind for row in result.rows) == ["added", "removed"]
    assert all(row.unaligned and not row.threads for row in result.rows)
    assert len({row.anchor for row in result.rows}) == 2


def test_an_explicit_removal_is_shown_as_removed_with_its_note_and_citations():
    subject = make_thread()
    old, new = dated(1), dated(2)
    make_provision(old, threads=[subject], text="Amnesty for all.")
    removal = Removal.objects.create(version=new, thread=subject, note="Deleted by the E3.")
    removal.citations.create(source=make_source(publisher="Reuters"))

    row = row_for(pair(old, new), subject)

    assert row.kind == comparison.REMOVED
    assert [(r.pk, r.note) for r in row.cells[1].removals] == [(removal.pk, "Deleted by the E3.")]
    assert [c.source.publisher for c in row.cells[1].citations] == ["Reuters"]


def test_rows_follow_the_older_text_and_added_rows_follow_their_predecessor_in_the_newer():
    a, b, c, d = make_thread(), make_thread(), make_thread(), make_thread()
    old, new = dated(1), dated(2)
    for thread in (a, b, c):
        make_provision(old, threads=[thread], text=f"About {thread.slug}.")
    for thread in (c, a, d):
        make_provision(new, threads=[thread], text=f"About {thread.slug}.")

    rows = pair(old, new).rows

    assert [row.threads[0].pk for row in rows] == [a.pk, d.pk, b.pk, c.pk]


def test_synoptic_cells_without_a_base_version_are_diffed_against_the_nearest_earlier_text():
    cap = make_thread()
    first, gap, removed_in, last = dated(1), dated(2), dated(3), dated(4)
    make_provision(first, threads=[cap], text="A ceiling of 600,000 personnel.")
    make_provision(gap, threads=[make_thread()], text="Something else.")
    Removal.objects.create(version=removed_in, thread=cap, note="Dropped for now.")
    make_provision(last, threads=[cap], text="A ceiling of 800,000 personnel.")

    result = loading.synoptic_comparison(
        [last.slug, first.slug, removed_in.slug, gap.slug], NO_FILTERS
    )

    assert result.versions == [first, gap, removed_in, last]
    cells = row_for(result, cap).cells
    assert [cell.status for cell in cells] == ["first", "not-in-text", "removed", "amended"]
    assert cells[3].base is cells[0]
    assert cells[3].base_note.startswith(f"Compared with {first.short_name}, the nearest")
    assert cells[3].changes == [Change(FIGURE, "600,000", "800,000")]


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        (["a"], "at least two versions"),
        (["a", "a", "b"], "listed twice"),
        ([f"v{n}" for n in range(13)], "at most 12 versions"),
        (["a", "b", "nope"], "no version “nope”"),
    ],
)
def test_malformed_synoptic_requests_are_refused_with_a_reason(slugs, message):
    make_version(slug="a")
    make_version(slug="b")

    with pytest.raises(RequestError, match=message) as caught:
        loading.synoptic_comparison(slugs, NO_FILTERS)

    assert caught.value.status == 400


def test_a_pair_with_an_unknown_version_is_not_found_and_the_same_version_twice_is_refused():
    version = make_version()

    with pytest.raises(RequestError) as caught:
        loading.pair_comparison(version.slug, "nope", NO_FILTERS)
    assert caught.value.status == 404
    with pytest.raises(RequestError, match="two different versions"):
        loading.pair_comparison(version.slug, version.slug, NO_FILTERS)


def test_an_unknown_theme_is_refused():
    old, new = dated(1), dated(2)

    with pytest.raises(RequestError, match="no theme “astrology”"):
        pair(old, new, "theme=astrology")


def test_the_theme_filter_and_the_unchanged_toggle_hide_rows_and_counts_follow_the_rows_shown():
    nato, military = make_theme("nato"), make_theme("military")
    alliance, army, other = make_thread(), make_thread(), make_thread()
    alliance.themes.set([nato])
    old, new = dated(1), dated(2)
    make_provision(old, threads=[alliance], text="Alliance text.")
    make_provision(new, threads=[alliance], text="Alliance text.")
    make_provision(old, threads=[army], themes=[military], text="Army of 600,000.")
    make_provision(new, threads=[army], themes=[military], text="Army of 800,000.")
    make_provision(new, threads=[other], text="Unthemed.")

    by_theme = pair(old, new, "theme=nato&theme=military")
    changed_only = pair(old, new, "theme=nato&changed=1")

    assert [row.hidden for row in by_theme.rows] == [False, False, True]
    counts = {kind: n for kind, _label, n in by_theme.counts if n}
    assert counts == {"unchanged": 1, "amended": 1}
    assert changed_only.visible_rows == []
    assert sum(n for _kind, _label, n in changed_only.counts) == 0
    assert changed_only.selected_theme_names == [nato.name]


def test_the_csv_table_has_a_text_column_per_version_change_kind_and_citations():
    cap = make_thread(title="Cap")
    old, new = dated(1, short_name="Old"), dated(2, short_name="New")
    source = make_source(publisher="Axios", url="https://axios.example/plan")
    make_provision(old, number="6", threads=[cap], sources=[source], text="=600,000 troops.")
    make_provision(new, number="6", threads=[cap], text="800,000 troops.")

    header, row = exports.csv_table(pair(old, new))

    assert header[:3] == ["Subject", "Threads", "Change"]
    assert header[3:7] == ["Old: number", "Old: text", "New: number", "New: text"]
    assert row[:7] == ["Cap", cap.slug, "Amended", "6", "'=600,000 troops.", "6", "800,000 troops."]
    assert row[-2:] == ["Figure: 600,000 → 800,000", "Axios: https://axios.example/plan"]


@pytest.mark.parametrize("short_name", ["=HYPERLINK(1)", "+1", "-2", "@SUM(1)", "\tx", "\rx"])
def test_a_short_name_a_spreadsheet_would_run_is_neutralised_in_the_csv_header(short_name):
    old, new = dated(1, short_name=short_name), dated(2, short_name="New")

    header = exports.csv_table(pair(old, new))[0]

    assert header[3:7] == [f"'{short_name}: number", f"'{short_name}: text"] + [
        "New: number",
        "New: text",
    ]


def test_a_pair_with_a_reported_side_is_reported_differently_not_rewritten():
    subject = make_thread()
    old = dated(1)
    new = dated(2, text_basis="reported", completeness="partial")
    make_provision(old, threads=[subject], text="Ukraine renounces alliance membership.")
    make_provision(new, threads=[subject], text="Officials said membership stays open.")

    row = row_for(pair(old, new), subject)

    assert row.kind == comparison.REPORTED_DIFFERENTLY
    assert not row.rewritten
    assert row.pieces == [] and row.changes == []


def test_a_subject_missing_from_a_partial_text_is_not_reported_rather_than_removed():
    subject = make_thread()
    old, new = dated(1), dated(2, text_basis="reported", completeness="partial")
    make_provision(old, threads=[subject], text="A pact is signed.")
    make_provision(new, threads=[make_thread()], text="Something else was reported.")

    row = row_for(pair(old, new), subject)

    assert row.kind == comparison.NOT_REPORTED
    assert row.cells[1].status_label == "Not reported"


def test_a_synoptic_cell_is_compared_with_the_version_it_revises_and_a_fixed_base_on_request():
    cap = make_thread()
    draft = dated(1)
    talks = dated(2, based_on=draft, text_basis="reported", completeness="partial")
    sibling = dated(3, based_on=draft)
    framework = dated(4, based_on=talks)
    make_provision(draft, threads=[cap], text="A ceiling of 600,000 personnel.")
    make_provision(talks, threads=[cap], text="Reports said the ceiling was left open.")
    make_provision(sibling, threads=[cap], text="A ceiling of 700,000 personnel.")
    make_provision(framework, threads=[cap], text="A ceiling of 800,000 personnel.")
    slugs = [draft.slug, talks.slug, sibling.slug, framework.slug]

    cells = row_for(loading.synoptic_comparison(slugs, NO_FILTERS), cap).cells

    statuses = [cell.status for cell in cells]
    assert statuses == ["first", "reported-differently", "amended", "amended"]
    # The framework revises the reported talks: it is compared with the draft's text, not with
    # the summary, nor with the nearer sibling.
    assert cells[3].base is cells[0]
    assert "only reports it" in cells[3].base_note

    fixed = loading.synoptic_comparison(slugs, QueryDict(f"base={sibling.slug}"))
    cells = row_for(fixed, cap).cells
    assert fixed.base == sibling
    assert [cell.status for cell in cells] == ["amended", "reported-differently", "base", "amended"]
    assert all(cell.base is cells[2] for cell in cells if cell is not cells[2])
    with pytest.raises(RequestError, match="base: “nope” is not one of the versions"):
        loading.synoptic_comparison(slugs, QueryDict("base=nope"))
