"""Who may reach the admin: editors may edit content, nobody else reaches any admin page."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse

from provisions.models import (
    Citation,
    Claim,
    Party,
    PartyPosition,
    PlanVersion,
    Provision,
    Removal,
    Source,
    Theme,
    Thread,
)
from tests.accounts import make_editor, make_user
from tests.factories import (
    make_party,
    make_provision,
    make_source,
    make_theme,
    make_thread,
    make_version,
)
from tests.urlwalk import admin_patterns

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [PlanVersion, Provision, Thread, Source, Citation, Claim, Removal, PartyPosition]
CONTENT_MODELS += [Party]
# The pages anyone may open: signing in and out.
OPEN_ADMIN_PAGES = {"login", "logout"}


@pytest.fixture
def one_of_each():
    """One saved object of every model the admin shows, keyed by model."""
    source = make_source()
    thread = make_thread()
    version = make_version()
    provision = make_provision(version, threads=[thread], sources=[source])
    removal = Removal.objects.create(version=version, thread=thread)
    claim = Claim.objects.create(source=source, claim="It says so.", accuracy="consistent")
    position = PartyPosition.objects.create(provision=provision, party=make_party(), position="No.")
    objects = [source, thread, version, provision, removal, claim, position]
    objects += [provision.citations.get(), make_party(), make_theme("test-theme")]
    objects += [make_user("someone"), Group.objects.get(name="Editors")]
    attempt = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "test"}
    objects += [AccessAttempt.objects.create(**attempt, failures_since_start=1)]
    objects += [AccessLog.objects.create(**attempt), AccessFailureLog.objects.create(**attempt)]
    return {type(obj): obj for obj in objects}


def admin_model_of(pattern):
    prefix = reverse("admin:index").lstrip("/")
    for model in admin.site._registry:
        if pattern.route.startswith(f"{prefix}{model._meta.app_label}/{model._meta.model_name}/"):
            return model
    return None


def sample_path(pattern, one_of_each):
    """A path for the pattern naming real objects, so that a missing check would show data."""
    model = admin_model_of(pattern) or PlanVersion
    obj = one_of_each[model]
    values = {
        "object_id": obj.pk,
        "id": obj.pk,
        "content_type_id": ContentType.objects.get_for_model(model).pk,
        "app_label": "provisions",
        "url": "no-such-page/",
        "1": obj.pk,
        "2": obj.history.first().history_id if hasattr(obj, "history") else 1,
    }
    path = pattern.path(values)
    # The walk is only worth something if each path reaches the pattern it was made for.
    assert resolve(path).route == pattern.route, path
    return path


def assert_refused(client, path, method):
    response = getattr(client, method)(path)
    login_url = reverse("admin:login")
    if response.status_code == 302:
        assert response.url.startswith(login_url), (method, path, response.url)
    else:
        assert response.status_code == 403, (method, path, response.status_code)


def test_the_walk_covers_every_kind_of_admin_page():
    names = {pattern.name for pattern in admin_patterns()}

    assert {"index", "provisions_provision_change", "provisions_provision_history"} <= names
    assert {"provisions_provision_simple_history", "auth_user_password_change"} <= names
    assert "provisions_planversion_add_from_text" in names


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_reach_no_admin_page(client, one_of_each, method):
    for pattern in admin_patterns():
        if pattern.name not in OPEN_ADMIN_PAGES:
            assert_refused(client, sample_path(pattern, one_of_each), method)


@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_in_users_who_are_not_staff_reach_no_admin_page(client, one_of_each, method):
    client.force_login(make_user("reader", groups=["Editors"]))

    for pattern in admin_patterns():
        if pattern.name not in OPEN_ADMIN_PAGES:
            assert_refused(client, sample_path(pattern, one_of_each), method)


def test_staff_without_permissions_cannot_open_the_draft_flow_or_edit(client, one_of_each):
    client.force_login(make_user("clerk", staff=True))

    for name in ["provisions_planversion_add_from_text", "provisions_provision_add"]:
        assert client.get(reverse(f"admin:{name}")).status_code == 403


def test_the_editors_group_has_exactly_the_editing_permissions():
    group = Group.objects.get(name="Editors")

    granted = set(group.permissions.values_list("content_type__app_label", "codename"))

    expected = {
        ("provisions", f"{action}_{model._meta.model_name}")
        for model in CONTENT_MODELS
        for action in ("add", "change", "delete", "view")
    }
    expected |= {("provisions", "view_theme"), ("provisions", "add_theme")}
    assert granted == expected
    assert not Permission.objects.filter(group=group, content_type__app_label="auth").exists()


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_an_editor_can_open_every_page_of_a_content_model(client, one_of_each, model):
    client.force_login(make_editor())
    obj = one_of_each[model]
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    for view in ["changelist", "add"]:
        assert client.get(reverse(f"{info}_{view}")).status_code == 200, view
    for view in ["change", "history", "delete"]:
        assert client.get(reverse(f"{info}_{view}", args=[obj.pk])).status_code == 200, view
    revert = reverse(f"{info}_simple_history", args=[obj.pk, obj.history.first().history_id])
    assert client.get(revert).status_code == 200


def test_an_editor_may_view_and_add_themes_but_not_change_or_delete_them(client, one_of_each):
    client.force_login(make_editor())
    theme = one_of_each[Theme]

    assert client.get(reverse("admin:provisions_theme_add")).status_code == 200
    page = client.get(reverse("admin:provisions_theme_change", args=[theme.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:provisions_theme_delete", args=[theme.pk])).status_code == 403


def test_an_editor_cannot_manage_users_groups_or_permissions(client, one_of_each):
    editor = make_editor()
    client.force_login(editor)

    for model in ["user", "group"]:
        assert client.get(reverse(f"admin:auth_{model}_changelist")).status_code == 403
        assert client.get(reverse(f"admin:auth_{model}_add")).status_code == 403
    change_self = reverse("admin:auth_user_change", args=[editor.pk])
    assert client.post(change_self, {"is_superuser": "on"}).status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_an_editor_can_open_the_draft_flow(client):
    client.force_login(make_editor())

    response = client.get(reverse("admin:provisions_planversion_add_from_text"))

    assert response.status_code == 200
