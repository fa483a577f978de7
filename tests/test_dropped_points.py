"""The draft flow's base points that nothing continues: offered by the editor's links as they
stand, not only by the suggestion, and never recorded as removed while a point continues them."""

import pytest

from provisions.models import PlanVersion, Removal, Thread
from provisions.pasting import DroppedRow
from tests.base_draft import make_base_draft
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
