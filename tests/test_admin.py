"""The admin opens on every model, and a version's page shows its provisions and drafters."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model.__name__)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_changelist_and_add_page_opens_for_a_superuser(admin_client, admin_user, rf, model):
    meta = model._meta
    request = rf.get("/admin/")
    request.user = admin_user
    # Sign-in attempts (django-axes) are records of events: nobody adds one by hand.
    addable = admin.site._registry[model].has_add_permission(request)
    for view in ("changelist", "add") if addable else ("changelist",):
        response = admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}"))
        assert response.status_code == 200, (meta.model_name, view)


def test_a_version_change_page_opens_with_its_provisions_inline(admin_client):
    from tests.factories import make_provision, make_version

    version = make_version()
    make_provision(version, text="Inline provision text.")

    response = admin_client.get(reverse("admin:provisions_planversion_change", args=[version.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Inline provision text." in html
    assert 'data-field-name="parties"' in html  # "Available parties", not "drafted by"


def test_a_version_title_has_a_box_as_wide_as_the_text_areas(admin_client):
    """A long title shows whole instead of scrolling inside a narrow box."""
    from tests.factories import make_version

    version = make_version()
    pages = [
        reverse("admin:provisions_planversion_change", args=[version.pk]),
        reverse("admin:provisions_planversion_add"),
        reverse("admin:provisions_planversion_add_from_text"),
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        [title] = re.findall(r'<input type="text" name="title"[^>]*>', html)
        assert 'class="vLargeTextField"' in title, url


@pytest.mark.parametrize(
    "path",
    [
        "/admin/provisions/planversion/not-a-number/history/",
        "/admin/provisions/planversion/999999/history/",
        "/admin/provisions/provision/1/history/not-a-number/",
        "/admin/provisions/thread/x/history/y/",
    ],
)
def test_a_history_page_of_no_record_is_a_404(admin_client, path):
    assert admin_client.get(path).status_code == 404
