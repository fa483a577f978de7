"""The admin's "Add a draft from text": paste, preview the alignment, confirm."""

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from provisions import pasting
from provisions.engines.draft_parser import MAX_TEXT_CHARS
from provisions.models import Citation, Party, PlanVersion, Provision, Removal, Source, Thread
from tests.accounts import make_editor, make_user
from tests.base_draft import ARMY, make_base_draft
from tests.factories import (
    make_provision,
    make_source,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.django_db

URL = "/admin/provisions/planversion/add-from-text/"
NEW_TEXT = """Revised draft, as leaked

1. The armed forces are to be capped at 800,000 personnel in peacetime.
1a. Commercial shipping on the river is to be free of charge.
2. Elections are to be held as soon as possible after the signature.
"""


@pytest.fixture
def base():
    return make_base_draft()


SOURCE_FIELDS = [
    "source_url",
    "source_title",
    "source_publisher",
    "source_published",
    "source_kind",
]


def draft_data(**changes):
    data = {
        "slug": "revised-draft",
        "title": "The revised draft",
        "short_name": "Revised draft",
        "drafted_by": [Party.objects.get(name="Ruritania").pk],
        "new_parties": "Freedonia, ruritania",
        "published": "2025-12-01",
        "published_note": "Leaked on a Monday.",
        "stage": "counter-proposal",
        "text_basis": "paraphrase",
        "text_basis_note": "",
        "completeness": "full",
        "summary": "A revision of the base draft.",
        "based_on": "base-draft",
        "source_url": "https://news.example.org/revised-draft",
        "source_title": "The revised draft, in full",
        "source_publisher": "The Daily Example",
        "source_published": "2025-12-02",
        "source_kind": "full-text",
        "text": NEW_TEXT,
        "_preview": "Preview",
    }
    data.update(changes)
    return data


def decisions(preview, choices=None, titles=None, threads=None, removed=None):
    """The posted step 2: each point's choice as shown unless changed, and each base point
    offered as dropped left unrecorded unless `removed` gives its note."""
    data = {"state": preview.state, "_confirm": "Save"}
    for row in preview.rows:
        choice, title, thread = (
            row.form[name] for name in ["choice", "new_thread_title", "thread"]
        )
        data[choice.html_name] = (choices or {}).get(row.number, choice.value())
        data[title.html_name] = (titles or {}).get(row.number, title.value())
        if row.number in (threads or {}):
            data[thread.html_name] = str(threads[row.number].pk)
        elif thread.value():
            data[thread.html_name] = thread.value()
    for row in preview.dropped:
        note = (removed or {}).get(row.key)
        data[row.form["record"].html_name] = "unrecorded" if note is None else "removed"
        data[row.form["note"].html_name] = note or ""
    return data


def confirm_twice(client, preview, **changes):
    """Post step 2 with the changes; the links left some base points behind, so the preview
    comes back offering them; post it again as it is shown."""
    page = client.post(URL, decisions(preview, **changes))
    assert page.status_code == 200 and page.context["preview"].newly_dropped
    return client.post(URL, decisions(page.context["preview"]))


def counts():
    models = (PlanVersion, Provision, Thread, Party, Source, Citation, Removal)
    return [model.objects.count() for model in models] + [
        Provision.threads.through.objects.count(),
        PlanVersion.history.count(),
    ]


def test_the_changelist_offers_the_flow_to_those_who_may_use_it(client, base):
    client.force_login(make_editor())
    assert URL in client.get(reverse("admin:provisions_planversion_changelist")).content.decode()

    viewer = make_user("viewer", staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_planversion"))
    client.force_login(viewer)
    page = client.get(reverse("admin:provisions_planversion_changelist"))
    assert page.status_code == 200
    assert URL not in page.content.decode()
    assert client.get(URL).status_code == 403
    assert client.post(URL, draft_data()).status_code == 403


def test_the_first_step_asks_for_the_metadata_and_the_text(editor_client, base):
    page = editor_client.get(URL)

    assert page.status_code == 200
    html = page.content.decode()
    for name in ["slug", "title", "short_name", "drafted_by", "new_parties", "published"]:
        assert f'name="{name}"' in html
    for name in ["stage", "text_basis", "completeness", "summary", "based_on", "text"]:
        assert f'name="{name}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<option value="base-draft">Base draft</option>' in html


def test_the_preview_shows_each_point_with_its_suggestion_and_saves_nothing(editor_client, base):
    before = counts()

    page = editor_client.post(URL, draft_data())

    assert page.status_code == 200
    assert counts() == before
    preview = page.context["preview"]
    assert [row.number for row in preview.rows] == ["1", "1a", "2"]
    first = preview.rows[0]
    assert [(link.base_key, link.relation) for link in first.links] == [("1", "amended")]
    assert {"armed forces", "capped"} <= set(first.links[0].shared)
    assert first.form["choice"].value() == "base:1"
    assert preview.rows[1].links == []
    assert preview.rows[1].form["choice"].value() == "new"
    assert [row.key for row in preview.dropped] == ["3"]
    html = page.content.decode()
    assert '<del><strong class="figure">600,000</strong></del>' in html
    assert '<ins><strong class="figure">800,000</strong></ins>' in html
    assert ARMY in html
    assert f"shared: {', '.join(first.links[0].shared)}</span>" in html
    assert "Revised draft, as leaked" in html  # the heading, kept in the notes
    assert 'name="state"' in html and 'name="csrfmiddlewaretoken"' in html


def test_the_preview_asks_to_check_only_the_weaker_matches(editor_client, base):
    text = NEW_TEXT + "3. An amnesty is granted to all fighters.\n"

    page = editor_client.post(URL, draft_data(text=text))

    rows = {row.number: row for row in page.context["preview"].rows}
    assert [link.sure for link in rows["1"].links] == [True]
    assert [(link.base_key, link.sure) for link in rows["3"].links] == [("3", False)]
    assert page.content.decode().count('<span class="check"') == 1


def test_confirming_the_suggestions_saves_the_draft_linked_to_the_earlier_threads(
    editor_client, base
):
    preview = editor_client.post(URL, draft_data()).context["preview"]

    response = editor_client.post(URL, decisions(preview))

    version = PlanVersion.objects.get(slug="revised-draft")
    assert response.status_code == 302
    assert response.url == reverse("admin:provisions_planversion_change", args=[version.pk])
    assert version.based_on == base
    assert version.stage == "counter-proposal"
    assert sorted(p.name for p in version.drafted_by.all()) == ["Freedonia", "Ruritania"]
    assert "Revised draft, as leaked (from point 1)" in version.notes
    provisions = list(version.provisions.in_order())
    assert [(p.number, p.position) for p in provisions] == [("1", 1), ("1a", 2), ("2", 3)]
    assert (
        provisions[0].text == "The armed forces are to be capped at 800,000 personnel in peacetime."
    )
    assert [t.slug for t in provisions[0].threads.all()] == ["army"]
    assert [t.slug for t in provisions[0].themes.all()] == ["military"]
    assert [t.slug for t in provisions[2].threads.all()] == ["elections"]
    added = provisions[1].threads.get()
    assert added.title == "Commercial shipping on the river is to be…"  # its first words
    assert added.slug == "commercial-shipping-river"
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "Added Revised draft with 3 provisions." in message
    assert f'href="{version.get_absolute_url()}"' in message


def test_the_success_message_links_the_comparison_with_the_base(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]

    response = editor_client.post(URL, decisions(preview))

    message = str(next(iter(get_messages(response.wsgi_request))))
    assert 'href="/compare/base-draft/revised-draft/"' in message
    assert "compare it with Base draft" in message


def test_the_editor_may_change_or_reject_each_suggestion(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]

    confirm_twice(
        editor_client,
        preview,
        choices={"1": "thread", "1a": "base:3", "2": "new"},
        threads={"1": Thread.objects.get(slug="amnesty")},
        titles={"2": "Timing of the elections"},
    )

    version = PlanVersion.objects.get(slug="revised-draft")
    threads = {p.number: [t.slug for t in p.threads.all()] for p in version.provisions.all()}
    assert threads == {"1": ["amnesty"], "1a": ["amnesty"], "2": ["timing-elections"]}
    assert Thread.objects.get(slug="timing-elections").title == "Timing of the elections"

    second = draft_data(slug="third", source_url="https://news.example.org/third")
    preview = editor_client.post(URL, second).context["preview"]
    confirm_twice(editor_client, preview, choices={"1": "none", "1a": "none", "2": "none"})
    assert not Provision.threads.through.objects.filter(provision__version__slug="third").exists()


def test_a_draft_without_a_base_starts_a_thread_per_point(editor_client, base):
    page = editor_client.post(URL, draft_data(based_on=""))
    preview = page.context["preview"]

    assert [row.form["choice"].value() for row in preview.rows] == ["new", "new", "new"]
    editor_client.post(URL, decisions(preview))
    version = PlanVersion.objects.get(slug="revised-draft")
    assert version.based_on is None
    assert Thread.objects.filter(provisions__version=version).distinct().count() == 3


def test_the_history_of_everything_saved_names_the_editor(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]

    editor_client.post(URL, decisions(preview))

    version = PlanVersion.objects.get(slug="revised-draft")
    editor = User.objects.get(username="editor")
    # One record, the version's creation, holding its drafters (not "+" then "~" adding them).
    [created] = version.history.all()
    assert created.history_type == "+"
    assert sorted(row.party.name for row in created.drafted_by.all()) == ["Freedonia", "Ruritania"]
    # So does each provision, its threads and themes in its one record.
    first = version.provisions.get(number="1")
    [created] = first.history.all()
    assert created.history_type == "+"
    assert [row.thread.slug for row in created.threads.all()] == ["army"]
    assert [row.theme.slug for row in created.themes.all()] == ["military"]
    assert Provision.history.filter(version_id=version.pk).count() == 3
    records = [
        *version.history.all(),
        *Provision.history.filter(version_id=version.pk),
        *Thread.history.filter(slug="commercial-shipping-river"),
        *Party.history.filter(name="Freedonia"),
    ]
    assert len(records) == 6  # one each: the version, 3 provisions, a thread, a party
    assert {record.history_user for record in records} == {editor}
    assert {record.history_change_reason for record in records} == {"Add a draft from text"}
    history_page = editor_client.get(
        reverse("admin:provisions_provision_history", args=[version.provisions.first().pk])
    )
    assert "editor" in history_page.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": "Nothing numbered here at all."}, "text", "No numbered points found"),
        (
            {"text": "1. One.\n2. Two.\n2. Two again."},
            "text",
            "Point 2 appears twice: on lines 2 and 3.",
        ),
        ({"text": "1. One.\n2.\n3. Three."}, "text", "Point 2 (line 2) has no text."),
        ({"text": "1. " + "word " * (MAX_TEXT_CHARS // 5)}, "text", "The pasted text is too long"),
        ({"text": "  \n "}, "text", "The pasted text is empty."),
        ({"text": ""}, "text", "This field is required."),
        ({"slug": "base-draft"}, "slug", "A version with this slug already exists"),
        ({"slug": "Not a slug!"}, "slug", "Enter a valid “slug”"),
        ({"based_on": "no-such-version"}, "based_on", "That base version does not exist"),
        ({"drafted_by": [], "new_parties": " , "}, "drafted_by", "Name at least one drafter"),
        ({"published": "yesterday"}, "published", "Enter a valid date."),
        ({"stage": "rumour"}, "stage", "Select a valid choice."),
        (dict.fromkeys(SOURCE_FIELDS, ""), "source", "Name the draft's source"),
        ({"source_publisher": ""}, "source_publisher", "A new source needs this too."),
        ({"source_kind": ""}, "source_kind", "A new source needs this too."),
        ({"source_url": "not an address"}, "source_url", "Enter a valid URL."),
        ({"source_kind": "gossip"}, "source_kind", "Select a valid choice."),
        ({"source": "999999"}, "source", "Select a valid choice."),
        ({"source": "1 OR 1"}, "source", "Select a valid choice."),
        ({"text": "1. One.\x0b\n2. Two."}, "text", "control character (U+000B) on line 1"),
        ({"title": "The draft\x07"}, "title", "control character (U+0007)"),
        ({"new_parties": "Freedonia\x1b"}, "new_parties", "control character (U+001B)"),
    ],
)
def test_bad_input_is_explained_on_the_form_and_nothing_is_saved(
    editor_client, base, changes, field, message
):
    before = counts()

    page = editor_client.post(URL, draft_data(**changes))

    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert any(message in error for error in errors[field]), errors
    assert message in page.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"titles": {"1a": "  "}}, "Give the new thread a title."),
        ({"choices": {"1": "thread:no-such-thread"}}, "Select a valid choice."),
        ({"choices": {"1a": "thread"}}, "Choose the thread this point joins."),
        (
            {"choices": {"1a": "base:3"}, "removed": {"3": "Gone."}},
            "Point 1a of the draft continues this subject, so it is not removed",
        ),
        ({"removed": {"3": "Gone\x0c."}}, "control character (U+000C)"),
    ],
)
def test_a_bad_decision_is_explained_in_the_preview_and_nothing_is_saved(
    editor_client, base, changes, message
):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    before = counts()

    page = editor_client.post(URL, decisions(preview, **changes))

    assert page.status_code == 200
    assert page.content.decode().count(message) == 1
    assert counts() == before


@pytest.mark.parametrize("state", ["tampered", "expired"])
def test_an_altered_or_stale_preview_is_refused(editor_client, base, monkeypatch, state):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    data = decisions(preview)
    if state == "tampered":
        data["state"] = pasting.sign_state({"slug": "x"})[:-3] + "abc"
    else:
        monkeypatch.setattr(pasting, "STATE_MAX_AGE", -1)
    before = counts()

    page = editor_client.post(URL, data)

    assert page.status_code == 400
    assert "This preview has expired or was altered" in page.content.decode()
    assert counts() == before


def test_a_slug_taken_while_previewing_sends_the_editor_back_to_the_form(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    make_version(slug="revised-draft")
    before = counts()

    page = editor_client.post(URL, decisions(preview))

    assert page.status_code == 200
    assert "A version with this slug already exists" in page.content.decode()
    assert counts() == before


def test_going_back_keeps_what_was_typed(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]

    page = editor_client.post(URL, {"state": preview.state, "_back": "Back"})

    form = page.context["adminform"].form
    assert form["text"].value() == NEW_TEXT
    assert form["slug"].value() == "revised-draft"
    assert "Commercial shipping on the river" in page.content.decode()


def test_the_save_is_all_or_nothing(editor_client, base, monkeypatch):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    before = counts()
    real_save = Provision.save

    def fail_on_the_third(provision, *args, **kwargs):
        if provision.position == 3:
            raise RuntimeError("the database went away")
        real_save(provision, *args, **kwargs)

    monkeypatch.setattr(Provision, "save", fail_on_the_third)
    editor_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        editor_client.post(URL, decisions(preview))

    assert counts() == before


def test_every_post_needs_the_csrf_token(base):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())

    assert client.post(URL, draft_data()).status_code == 403


def test_the_preview_takes_the_same_number_of_queries_for_ten_times_the_data(editor_client, base):
    def preview_queries(size):
        version = make_version(slug=f"base-{size}")
        for n in range(size):
            make_provision(version, number=str(n + 1), threads=[make_thread()])
        with CaptureQueriesContext(connection) as captured:
            page = editor_client.post(URL, draft_data(based_on=version.slug))
        assert page.status_code == 200 and page.context["preview"].rows
        with CaptureQueriesContext(connection) as captured_form:
            assert editor_client.get(URL).status_code == 200
        return len(captured), len(captured_form)

    small, large = preview_queries(3), preview_queries(30)
    print(f"queries (preview, form): {small} for 3 base provisions, {large} for 30")
    assert small == large


# --- what a draft brings: its source and the points it drops ---------------------------


def test_one_confirm_records_the_removals_with_their_notes_and_cites_the_new_source(
    editor_client, base
):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    assert [row.key for row in preview.dropped] == ["3"]

    editor_client.post(URL, decisions(preview, removed={"3": "The amnesty is gone."}))

    version = PlanVersion.objects.get(slug="revised-draft")
    removal = version.removals.get()
    assert (removal.thread.slug, removal.note) == ("amnesty", "The amnesty is gone.")
    source = Source.objects.get()
    assert (source.url, source.title, source.publisher, source.kind) == (
        "https://news.example.org/revised-draft",
        "The revised draft, in full",
        "The Daily Example",
        "full-text",
    )
    assert source.published.isoformat() == "2025-12-02"
    assert source.slug == "the-daily-example-the-revised-draft-in-full"
    cited = {(c.version_id, c.provision_id, c.removal_id) for c in source.citations.all()}
    provisions = list(version.provisions.values_list("pk", flat=True))
    assert cited == {
        (version.pk, None, None),
        *((None, pk, None) for pk in provisions),
        (None, None, removal.pk),
    }
    editor = User.objects.get(username="editor")
    records = [*source.history.all(), *removal.history.all()]
    records += [*Citation.history.filter(source_id=source.pk)]
    assert {record.history_user for record in records} == {editor}


def test_a_partial_draft_folds_the_points_it_does_not_mention_under_a_note(editor_client, base):
    full = editor_client.post(URL, draft_data()).content.decode()
    assert "draft-dropped-folded" not in full and "draft-partial-note" not in full

    page = editor_client.post(URL, draft_data(completeness="partial"))

    preview = page.context["preview"]
    assert [row.key for row in preview.dropped] == ["3"]
    assert preview.dropped[0].form["record"].value() == "unrecorded"
    html = page.content.decode()
    assert '<details class="draft-dropped-folded">' in html  # folded: no "open"
    assert "shown as <strong>not reported</strong> on every comparison" in html
    assert "1 point of Base draft this draft does not mention" in html
    assert "draft-removal-all" not in html  # its silence is no removal: nothing to set at once
    assert "saving checks it too" not in html  # a point left behind holds nothing back
    assert "saving leaves them unrecorded" in html

    # Recorded as removed, the point is shown unfolded when the page comes back.
    refreshed = decisions(preview, removed={"3": "Dropped, says the text."})
    refreshed["_refresh"] = "Update this list"
    again = editor_client.post(URL, refreshed).content.decode()
    assert '<details class="draft-dropped-folded" open>' in again


def test_a_partial_draft_leaves_its_silence_unrecorded_and_a_point_left_behind_holds_no_save(
    editor_client, base
):
    preview = editor_client.post(URL, draft_data(completeness="partial")).context["preview"]

    # Point 1 no longer continues base point 1, which nothing else continues: a complete
    # draft would stop to ask about it (confirm_twice); a partial one saves at once.
    response = editor_client.post(URL, decisions(preview, choices={"1": "new"}))

    assert response.status_code == 302
    version = PlanVersion.objects.get(slug="revised-draft")
    assert version.completeness == "partial"
    assert not version.removals.exists()
    assert version.provisions.count() == 3


def test_an_existing_source_may_be_picked_instead(editor_client, base):
    known = make_source(title="Known article")
    data = draft_data(source=str(known.pk), **dict.fromkeys(SOURCE_FIELDS, ""))

    preview = editor_client.post(URL, data).context["preview"]
    editor_client.post(URL, decisions(preview))

    version = PlanVersion.objects.get(slug="revised-draft")
    assert Source.objects.get() == known
    assert known.citations.filter(version=version).exists()
    assert known.citations.filter(provision__version=version).count() == 3


def test_the_source_field_searches_as_you_type(editor_client, base):
    make_source(title="Leaked framework text", publisher="The Daily Example")
    page = editor_client.get(URL).content.decode()
    assert 'data-model-name="citation"' in page and 'data-field-name="source"' in page

    found = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "framework",
            "app_label": "provisions",
            "model_name": "citation",
            "field_name": "source",
        },
    )

    assert [item["text"] for item in found.json()["results"]] == [
        "The Daily Example: Leaked framework text"
    ]


@pytest.mark.parametrize(
    "changes",
    [{"source": "\x00"}, {"text": "1. One.\x00\n2. Two."}, {"based_on": "base\x00draft"}],
)
def test_a_nul_character_in_step_one_is_refused_and_nothing_is_saved(editor_client, base, changes):
    before = counts()

    page = editor_client.post(URL, draft_data(**changes))

    assert page.status_code == 400
    assert "NUL character" in page.content.decode()
    assert counts() == before


def test_a_nul_character_in_step_two_is_refused_and_nothing_is_saved(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    before = counts()

    page = editor_client.post(URL, decisions(preview, titles={"1a": "Ships\x00"}))

    assert page.status_code == 400
    assert counts() == before


@pytest.mark.parametrize("term", ["\x00", "a\x0bb"])
def test_a_search_term_with_control_characters_is_refused_not_failed(editor_client, base, term):
    query = {"app_label": "provisions", "model_name": "citation", "field_name": "source"}

    found = editor_client.get("/admin/autocomplete/", {"term": term, **query})
    listing = editor_client.get("/admin/provisions/source/", {"q": term})

    assert (found.status_code, listing.status_code) == (400, 400)


def test_a_picked_source_and_a_described_one_are_refused_together(editor_client, base):
    page = editor_client.post(URL, draft_data(source=str(make_source().pk)))

    assert "not both" in page.context["adminform"].form.errors["source"][0]


def test_a_new_source_at_a_known_address_is_refused_in_favour_of_the_known_one(editor_client, base):
    make_source(url="https://news.example.org/revised-draft", title="Known")

    page = editor_client.post(URL, draft_data())

    assert "Known has this address" in page.context["adminform"].form.errors["source_url"][0]


def test_a_point_may_join_a_thread_found_by_search(editor_client, base):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    html = editor_client.post(URL, draft_data()).content.decode()
    assert "Subject" not in html  # no thread is listed in the page: they are searched for

    ports = make_thread(slug="ports", title="Ports")
    query = {"app_label": "provisions", "model_name": "removal", "field_name": "thread"}
    found = editor_client.get("/admin/autocomplete/", {"term": "port", **query}).json()
    assert found["results"] == [{"id": str(ports.pk), "text": "Ports"}]
    editor_client.post(URL, decisions(preview, choices={"1a": "thread"}, threads={"1a": ports}))
    provision = Provision.objects.get(version__slug="revised-draft", number="1a")
    assert [t.slug for t in provision.threads.all()] == ["ports"]


def test_the_save_of_the_source_and_removals_is_all_or_nothing(editor_client, base, monkeypatch):
    preview = editor_client.post(URL, draft_data()).context["preview"]
    before = counts()
    real_save = Citation.save

    def fail_on_the_removal(citation, *args, **kwargs):
        if citation.removal_id:
            raise RuntimeError("the database went away")
        real_save(citation, *args, **kwargs)

    monkeypatch.setattr(Citation, "save", fail_on_the_removal)
    editor_client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        editor_client.post(URL, decisions(preview, removed={"3": "Gone."}))

    assert counts() == before


# --- breaks in the numbering ------------------------------------------------------------


def test_a_break_in_the_numbering_is_flagged_in_the_preview_with_its_line(editor_client, base):
    text = "1. One.\n2. Two.\n3. Three.\n4) Four, numbered another way.\n5. Five."

    page = editor_client.post(URL, draft_data(text=text))

    preview = page.context["preview"]
    assert [row.number for row in preview.rows] == ["1", "2", "3", "5"]
    assert [(w.line, w.point) for w in preview.warnings] == [(4, "3"), (5, "5")]
    html = page.content.decode()
    assert "Check the numbering" in html
    assert '<a href="#point-3">Line 4</a>: <q class="draft-line">4) Four, numbered' in html
    assert "Point 5 follows point 3: point 4 is missing." in html
    assert html.count('class="draft-point draft-') == 4
    assert html.count("draft-flagged") == 2


def test_base_texts_show_their_markdown_drawn_and_legends_and_options_show_plain_words(
    editor_client, base
):
    marked = "**No consensus.** The A &amp; B line:\n\n- first *zone*\n- second zone"
    make_provision(base, number="4", text=marked, threads=[make_thread(slug="zones")])
    left_out = "**Ports:** the *harbour* of Zenda stays open."
    make_provision(base, number="5", text=left_out, threads=[make_thread(slug="ports")])
    text = NEW_TEXT + "4. No consensus on the A & B line: the first zone and the second zone.\n"

    page = editor_client.post(URL, draft_data(text=text))

    html = page.content.decode()
    preview = page.context["preview"]
    assert [link.base_key for link in preview.rows[-1].links] == ["4"]
    assert "<strong>No consensus.</strong>" in html and "<li>first <em>zone</em></li>" in html
    assert "5</strong>: Ports: the harbour of Zenda stays open." in html  # the legend
    options = dict(preview.rows[0].form.fields["choice"].choices[0][1])
    assert options["base:4"].startswith("4: No consensus. The A & B")
    assert options["base:5"].startswith("5: Ports: the harbour of")


def test_plain_text_keeps_the_words_of_markdown_and_drops_its_markup():
    from provisions.rendering import plain_text

    assert plain_text("**Bold** and *it*\n\n- a\n- b &amp; c <script>x</script>") == (
        "Bold and it a b & c"
    )
