"""The draft flow's base points that nothing continues: offered by the editor's links as they
stand, not only by the suggestion, and never recorded as removed while a point continues them."""

import pytest

from provisions.models import PlanVersion, Removal, Thread
from provisions.pasting import FOLD_AFTER, SET_ALL, DroppedRow
from tests.base_draft import make_base_draft
from tests.factories import make_party, make_provision, make_thread, make_version
from tests.test_admin_drafts import URL, counts, decisions, draft_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def base():
    return make_base_draft()


def dropped(page):
    return [(row.key, row.newly_dropped) for row in page.context["preview"].dropped]


def test_a_base_point_the_editor_unlinks_by_hand_is_offered_before_anything_is_saved(
    editor_client, base
):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    assert [row.key for row in preview.dropped] == ["3"]  # the suggestion continues 1 and 2
    before = counts()

    # Point 2 of the draft is moved from base 2 (elections) to base 3 (the amnesty).
    page = editor_client.post(URL, decisions(preview, choices={"2": "base:3"}))

    assert page.status_code == 200
    assert counts() == before
    assert dropped(page) == [("2", True)]  # 3 is continued now, 2 by nothing
    html = page.content.decode()
    assert 'Your links now leave <a href="#removed-2">point 2</a>' in html
    assert "left behind by your changes" in html
    assert "Please correct the errors" not in html
    assert page.context["preview"].dropped[0].form["record"].value() == "unrecorded"

    response = editor_client.post(
        URL, decisions(page.context["preview"], removed={"2": "No date for elections any more."})
    )

    assert response.status_code == 302
    version = PlanVersion.objects.get(slug="revised-draft")
    assert [(r.thread.slug, r.note) for r in version.removals.all()] == [
        ("elections", "No date for elections any more.")
    ]
    threads = {p.number: [t.slug for t in p.threads.all()] for p in version.provisions.all()}
    assert threads["2"] == ["amnesty"]


def test_the_removal_choices_survive_a_preview_shown_again_with_errors(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]

    page = editor_client.post(
        URL,
        decisions(
            preview,
            choices={"1": "none"},  # leaves base 1 behind
            titles={"1a": "  "},  # an error
            removed={"3": "The amnesty is gone."},
        ),
    )

    assert dropped(page) == [("1", True), ("3", False)]
    again = page.context["preview"]
    assert "Give the new thread a title." in page.content.decode()
    kept = again.dropped[1].form
    assert (kept["record"].value(), kept["note"].value()) == ("removed", "The amnesty is gone.")
    assert 'value="removed" required id="id_removed-2-record_0" checked' in page.content.decode()

    editor_client.post(
        URL,
        decisions(
            again,
            titles={"1a": "Shipping"},
            removed={"1": "No cap on the army.", "3": "The amnesty is gone."},
        ),
    )

    version = PlanVersion.objects.get(slug="revised-draft")
    assert sorted((r.thread.slug, r.note) for r in version.removals.all()) == [
        ("amnesty", "The amnesty is gone."),
        ("army", "No cap on the army."),
    ]
    assert not version.provisions.get(number="1").threads.exists()


def test_update_shows_the_list_for_the_links_as_they_stand_and_saves_nothing(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    before = counts()
    data = decisions(preview, choices={"2": "base:3"})
    del data["_confirm"]

    page = editor_client.post(URL, {**data, "_refresh": "Update this list"})

    assert page.status_code == 200
    assert counts() == before
    assert dropped(page) == [("2", True)]
    assert 'name="_refresh" formaction="#draft-dropped"' in page.content.decode()
    page = editor_client.post(URL, {**decisions(page.context["preview"]), "_refresh": "Update"})
    assert dropped(page) == [("2", False)]
    assert counts() == before


def test_a_point_continued_through_its_thread_is_not_offered(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    amnesty = Thread.objects.get(slug="amnesty")

    page = editor_client.post(
        URL,
        {**decisions(preview, choices={"1a": "thread"}, threads={"1a": amnesty}), "_refresh": ""},
    )

    assert dropped(page) == []
    assert "The links above continue every point of Base draft." in page.content.decode()


def test_a_point_offered_as_removed_and_then_linked_is_refused_not_recorded(editor_client, base):
    """Refused rather than dropped from the removals: the editor wrote a note for it, and
    only the editor knows which of the two choices was the mistake."""
    preview = editor_client.post(URL, draft_data()).context["preview"]
    before = counts()

    page = editor_client.post(
        URL, decisions(preview, choices={"1a": "base:3"}, removed={"3": "Gone."})
    )

    assert page.status_code == 200
    assert counts() == before
    assert dropped(page) == [("3", False)]
    form = page.context["preview"].dropped[0].form
    assert form.errors["record"] == [
        "Point 1a of the draft continues this subject, so it is not removed: leave it "
        "unrecorded, or change the link of that point."
    ]
    assert not Removal.objects.exists()


def test_an_unnumbered_base_point_has_an_anchor_of_its_own():
    anchors = [DroppedRow(key, None, None).anchor for key in ["4", "#4", "10a"]]
    assert anchors == ["removed-4", "removed-position-4", "removed-10a"]


# --- a complete draft against a long base: many points not continued ---------------------

SUBJECTS = ["army", "navy", "border", "elections", "amnesty", "prisoners", "sanctions", "grain"]
SUBJECTS += ["river", "pipeline", "schools", "churches", "railways", "airports"]
FOLDED = '<details class="draft-dropped-folded">'


@pytest.fixture
def long_base():
    """A base of 14 points, one subject each; the draft continues the first two."""
    make_party("Ruritania")
    version = make_version(slug="long-base", short_name="Long base")
    for number, subject in enumerate(SUBJECTS, start=1):
        text = f"The {subject} commission meets every {number + 2} weeks in a {subject} town."
        make_provision(version, number=str(number), text=text, threads=[make_thread(slug=subject)])
    return version


def long_draft(client):
    text = "\n".join(
        f"{n}. The {subject} commission meets every {n + 2} weeks in a {subject} town."
        for n, subject in enumerate(SUBJECTS[:2], start=1)
    )
    return client.post(URL, draft_data(based_on="long-base", text=text))


def test_a_long_list_is_counted_and_folded_with_buttons_for_all_at_once(editor_client, long_base):
    page = long_draft(editor_client)

    assert [row.key for row in page.context["preview"].dropped] == [str(n) for n in range(3, 15)]
    assert len(SUBJECTS) - 2 > FOLD_AFTER
    html = page.content.decode()
    assert "<h2>12 points of Long base this draft does not continue</h2>" in html
    assert FOLDED in html  # folded: no "open"
    assert "The 12 points one by one, each left unrecorded unless you record it as removed" in html
    assert "<legend>All 12 points at once</legend>" in html
    for value in ["removed", "unrecorded"]:
        assert f'name="{SET_ALL}" value="{value}" formaction="#draft-dropped"' in html
    # Each point keeps its own choice, in its own fieldset with its legend.
    assert html.count('<fieldset class="draft-removal"') == 12
    assert html.count('type="radio"') == 24


def test_a_short_list_stays_open_and_a_single_point_has_no_button_for_all(editor_client, base):
    html = editor_client.post(URL, draft_data()).content.decode()

    assert "<h2>1 point of Base draft this draft does not continue</h2>" in html
    # A complete text's comparison with its base shows a dropped point as removed anyway:
    # recording one adds the note and the source, so the page must not say otherwise.
    assert "compared with Base draft, every point below shows as removed" in html
    assert "draft-dropped-folded" not in html and "draft-removal-all" not in html


def test_recording_all_as_removed_without_javascript_sets_every_choice_and_saves_nothing(
    editor_client, long_base
):
    preview = long_draft(editor_client).context["preview"]
    before = counts()
    data = decisions(preview, removed={"5": "The amnesty is gone."})
    del data["_confirm"]

    page = editor_client.post(URL, {**data, SET_ALL: "removed"})

    assert page.status_code == 200
    assert counts() == before
    shown = page.context["preview"]
    assert {row.form["record"].value() for row in shown.dropped} == {"removed"}
    assert shown.dropped[2].form["note"].value() == "The amnesty is gone."  # notes are kept
    html = page.content.decode()
    assert '<details class="draft-dropped-folded" open>' in html  # removals recorded: open
    assert "Please correct the errors" not in html

    page = editor_client.post(URL, {**decisions(shown), SET_ALL: "unrecorded"})
    assert {row.form["record"].value() for row in page.context["preview"].dropped} == {"unrecorded"}
    assert FOLDED in page.content.decode()

    # An unknown value changes nothing; the confirm then saves what is shown.
    marked = decisions(page.context["preview"], removed={"3": "Borders are left out."})
    del marked["_confirm"]
    page = editor_client.post(URL, {**marked, SET_ALL: "everything"})
    records = [row.form["record"].value() for row in page.context["preview"].dropped]
    assert records == ["removed"] + ["unrecorded"] * 11
    assert counts() == before
    response = editor_client.post(URL, decisions(page.context["preview"], removed={"3": "Gone."}))
    assert response.status_code == 302
    version = PlanVersion.objects.get(slug="revised-draft")
    assert [(r.thread.slug, r.note) for r in version.removals.all()] == [("border", "Gone.")]


def test_a_folded_list_opens_by_itself_on_an_error(editor_client, long_base):
    preview = long_draft(editor_client).context["preview"]

    # Base point 3 recorded as removed while draft point 2 is moved onto it: refused.
    page = editor_client.post(
        URL, decisions(preview, choices={"2": "base:3"}, removed={"3": "Gone."})
    )

    assert page.status_code == 200
    html = page.content.decode()
    assert "so it is not removed" in html
    assert '<details class="draft-dropped-folded" open>' in html
