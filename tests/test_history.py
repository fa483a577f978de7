"""Every change made in the admin is in the history, names its author, and can be reverted."""

import base64
import datetime
import hashlib
import re

import pytest
from django.urls import reverse

from provisions.models import Claim, PartyPosition, PlanVersion, Provision, Removal, Theme, Thread
from tests.accounts import make_editor
from tests.factories import make_party, make_provision, make_source, make_thread, make_version

pytestmark = pytest.mark.django_db


def form_data(response):
    """The values an admin form page shows, as the browser would post them back."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif isinstance(value, datetime.date):
                data[field.html_name] = value.isoformat()
            else:
                data[field.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


@pytest.fixture
def editor(client):
    user = make_editor()
    client.force_login(user)
    return user


@pytest.fixture
def provision():
    version = make_version(slug="draft")
    source = make_source()
    return make_provision(version, number="6", text="A ceiling of 600,000.", sources=[source])


def edit(client, url, **changes):
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    return response


def test_a_change_in_the_admin_is_recorded_with_its_author(client, editor, provision):
    url = reverse("admin:provisions_provision_change", args=[provision.pk])

    edit(client, url, text="A ceiling of 800,000.")

    latest = provision.history.first()
    assert latest.text == "A ceiling of 800,000."
    assert latest.history_type == "~"
    assert latest.history_user == editor


def test_the_history_page_lists_the_change_and_reverting_brings_the_text_back(
    client, editor, provision
):
    url = reverse("admin:provisions_provision_change", args=[provision.pk])
    edit(client, url, text="A ceiling of 800,000.")
    earlier = provision.history.filter(text="A ceiling of 600,000.").first()

    page = client.get(reverse("admin:provisions_provision_history", args=[provision.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "editor" in html
    revert_url = reverse(
        "admin:provisions_provision_simple_history", args=[provision.pk, earlier.history_id]
    )
    assert revert_url in html
    revert_page = client.get(revert_url)
    assert revert_page.context["adminform"].form["text"].value() == "A ceiling of 600,000."
    edit(client, revert_url)
    provision.refresh_from_db()
    assert provision.text == "A ceiling of 600,000."
    assert provision.history.first().history_user == editor


def test_creating_and_deleting_in_the_admin_are_recorded_with_their_author(client, editor):
    response = client.post(
        reverse("admin:provisions_thread_add"),
        {"slug": "army-cap", "title": "Cap on the armed forces", "description": ""},
    )
    assert response.status_code == 302
    thread = Thread.objects.get(slug="army-cap")

    delete_url = reverse("admin:provisions_thread_delete", args=[thread.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302

    created, deleted = Thread.history.filter(slug="army-cap").order_by("history_date")
    assert (created.history_type, created.history_user) == ("+", editor)
    assert (deleted.history_type, deleted.history_user) == ("-", editor)
    history_page = client.get(reverse("admin:provisions_thread_history", args=[thread.pk]))
    assert history_page.status_code == 200  # still readable once the thread is gone


def test_a_version_added_in_the_admin_starts_its_history_with_one_record_of_its_drafters(
    client, editor
):
    drafters = [make_party("Ruritania"), make_party("Freedonia")]
    url = reverse("admin:provisions_planversion_add")
    data = form_data(client.get(url))
    data.update(
        slug="new-draft",
        title="A new draft",
        short_name="New draft",
        drafted_by=[str(party.pk) for party in drafters],
        published="2025-12-01",
        stage="proposal",
        text_basis="paraphrase",
        completeness="full",
        summary="A draft.",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")

    version = PlanVersion.objects.get(slug="new-draft")
    [created] = version.history.all()
    assert (created.history_type, created.history_user) == ("+", editor)
    assert {row.party for row in created.drafted_by.all()} == set(drafters)

    # A later change of the drafters is recorded as a change, as before.
    change_url = reverse("admin:provisions_planversion_change", args=[version.pk])
    edit(client, change_url, drafted_by=[str(drafters[0].pk)])
    changed = version.history.first()
    assert changed.history_type == "~"
    assert [row.party for row in changed.drafted_by.all()] == [drafters[0]]


def added_in_the_admin(client, model, **fields):
    """Post the admin's add form of `model` with `fields`; the object it made."""
    url = reverse(f"admin:provisions_{model._meta.model_name}_add")
    data = form_data(client.get(url))
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    return model.objects.latest("pk")


def assert_one_creation_record(client, editor, obj, **links):
    """obj's history is one "Created" record, by the editor, holding each of `links` (a
    many-to-many field and the objects it should list); its history page shows that one."""
    [created] = obj.history.all()
    assert (created.history_type, created.history_user) == ("+", editor)
    for field, expected in links.items():
        target = obj._meta.get_field(field).related_model._meta.model_name
        held = {getattr(row, target) for row in getattr(created, field).all()}
        assert held == set(expected), field
    page = client.get(reverse(f"admin:provisions_{obj._meta.model_name}_history", args=[obj.pk]))
    assert [record.history_type for record in page.context["page_obj"]] == ["+"]
    assert page.content.decode().count("<td>Created</td>") == 1


def test_a_provision_added_in_the_admin_starts_its_history_with_its_threads_and_themes(
    client, editor, provision
):
    threads = [make_thread(slug="army"), make_thread(slug="navy")]
    themes = list(Theme.objects.filter(slug__in=["military", "nato"]))  # made by the migrations
    assert len(themes) == 2
    added = added_in_the_admin(
        client,
        Provision,
        version=str(provision.version.pk),
        number="7",
        position="7",
        text="The navy is capped too.",
        status="proposed",
        threads=[str(thread.pk) for thread in threads],
        themes=[str(theme.pk) for theme in themes],
    )
    assert added.text == "The navy is capped too."
    assert_one_creation_record(client, editor, added, threads=threads, themes=themes)


def test_a_thread_and_a_claim_added_in_the_admin_start_their_history_with_their_links(
    client, editor, provision
):
    theme = Theme.objects.get(slug="military")  # made by the migrations
    thread = added_in_the_admin(
        client, Thread, slug="navy", title="Navy", description="", themes=[str(theme.pk)]
    )
    assert_one_creation_record(client, editor, thread, themes=[theme])

    removal = Removal.objects.create(version=provision.version, thread=thread)
    claim = added_in_the_admin(
        client,
        Claim,
        source=str(make_source(slug="commentary").pk),
        claim="The cap is lower.",
        accuracy="consistent",
        provisions=[str(provision.pk)],
        removals=str(removal.pk),
    )
    assert_one_creation_record(client, editor, claim, provisions=[provision], removals=[removal])


def test_a_provision_added_on_its_version_page_starts_its_history_with_its_links(
    client, editor, provision
):
    version, thread = provision.version, make_thread(slug="navy")
    theme = Theme.objects.get(slug="military")
    url = reverse("admin:provisions_planversion_change", args=[version.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "provisions-TOTAL_FORMS": "2",
            "provisions-1-version": str(version.pk),
            "provisions-1-number": "7",
            "provisions-1-position": "7",
            "provisions-1-status": "proposed",
            "provisions-1-text": "The navy is capped too.",
            "provisions-1-threads": [str(thread.pk)],
            "provisions-1-themes": [str(theme.pk)],
            "provisions-0-text": "A ceiling of 700,000.",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context.get("errors")

    added = version.provisions.get(number="7")
    assert_one_creation_record(client, editor, added, threads=[thread], themes=[theme])
    # The provision changed beside it is recorded as a change, as before.
    changed = provision.history.first()
    assert (changed.history_type, changed.text) == ("~", "A ceiling of 700,000.")


def test_edits_in_inlines_are_recorded_with_their_author(client, editor, provision):
    position = PartyPosition.objects.create(provision=provision, party=make_party(), position="No")
    version_url = reverse("admin:provisions_planversion_change", args=[provision.version.pk])
    assert "provisions-0-text" in form_data(client.get(version_url))

    edit(client, version_url, **{"provisions-0-text": "Changed through the version page."})
    provision_url = reverse("admin:provisions_provision_change", args=[provision.pk])
    edit(client, provision_url, **{"positions-0-position": "Yes, with conditions"})

    assert provision.history.first().history_user == editor
    assert provision.history.filter(text="Changed through the version page.").exists()
    assert position.history.first().position == "Yes, with conditions"
    assert position.history.first().history_user == editor


def test_changes_to_links_between_records_are_recorded(client, editor, provision):
    thread = make_thread(slug="army-cap")
    url = reverse("admin:provisions_provision_change", args=[provision.pk])

    edit(client, url, threads=[str(thread.pk)])

    latest = provision.history.first()
    assert [row.thread for row in latest.threads.all()] == [thread]
    assert latest.history_user == editor


def test_a_version_deleted_in_the_admin_leaves_the_history_of_its_provisions(
    client, editor, provision
):
    version = provision.version

    client.post(reverse("admin:provisions_planversion_delete", args=[version.pk]), {"post": "yes"})

    assert not PlanVersion.objects.filter(pk=version.pk).exists()
    assert version.history.first().history_type == "-"
    assert version.history.first().history_user == editor
    gone = Provision.history.filter(id=provision.pk).first()
    assert (gone.history_type, gone.history_user) == ("-", editor)


@pytest.mark.parametrize("model", ["provision", "planversion", "thread"])
def test_the_history_page_style_is_allowed_by_its_hash_and_nothing_else_inline(
    client, editor, provision, model
):
    obj = {"provision": provision, "planversion": provision.version}.get(model)
    obj = obj or make_thread(slug="army")
    page = client.get(reverse(f"admin:provisions_{model}_history", args=[obj.pk]))

    styles = re.findall(r'\bstyle="([^"]*)"', page.content.decode())
    assert styles  # the package's paginator style; if it is gone, so can the exception be
    policy = dict(
        directive.strip().split(" ", 1) for directive in page["Content-Security-Policy"].split(";")
    )
    allowed = policy["style-src-attr"].split()
    assert "'unsafe-hashes'" in allowed and "'unsafe-inline'" not in policy["style-src"]
    for style in styles:
        digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, style
    assert (
        "style-src-attr" not in client.get(f"/admin/provisions/{model}/")["Content-Security-Policy"]
    )
