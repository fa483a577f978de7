"""Everything outside the admin is public and read-only, whoever added the view.

The pages are found by walking the URL resolver. Each parameter is tried with the
identifiers of a small data set until the page answers with something other than 404.
"""

import itertools

import pytest
from django.urls import reverse

from provisions.models import Removal
from tests.factories import (
    make_party,
    make_provision,
    make_source,
    make_theme,
    make_thread,
    make_version,
)
from tests.urlwalk import public_patterns

pytestmark = pytest.mark.django_db

WRITE_METHODS = ["post", "put", "patch", "delete"]


@pytest.fixture
def identifiers():
    """Slugs and names of a small data set: two versions, the second revising the first."""
    theme = make_theme("military")
    thread = make_thread(slug="army-cap")
    source = make_source(slug="daily-example")
    base = make_version(slug="first-draft", drafted_by=[make_party("Ruritania")])
    new = make_version(slug="second-draft", based_on=base)
    for version in (base, new):
        make_provision(version, threads=[thread], themes=[theme], sources=[source])
    Removal.objects.create(version=new, thread=make_thread(slug="amnesty"))
    return ["first-draft", "second-draft", "army-cap", "daily-example", "military", "1"]


def answering_path(client, pattern, identifiers):
    """The first path for the pattern, with sample arguments, that is not a 404."""
    names = pattern.parameters
    for values in itertools.product(identifiers, repeat=len(names)):
        path = pattern.path(dict(zip(names, values, strict=True)))
        response = client.get(path)
        if response.status_code != 404:
            return path, response
    pytest.fail(f"no sample arguments open {pattern}; add an identifier to the data set")


def test_the_walk_finds_the_public_pages():
    names = {pattern.name for pattern in public_patterns()}

    assert {"home", "version_detail", "thread_detail", "source_detail"} <= names


def test_every_public_page_opens_without_signing_in(client, identifiers):
    login = reverse("admin:login")
    for pattern in public_patterns():
        path, response = answering_path(client, pattern, identifiers)

        assert response.status_code < 500, path
        assert response.status_code not in (401, 403), path
        if response.status_code in (301, 302):
            assert not response.url.startswith(login), path


@pytest.mark.parametrize("method", WRITE_METHODS)
def test_no_public_page_accepts_a_write(client, identifiers, method):
    for pattern in public_patterns():
        path, _response = answering_path(client, pattern, identifiers)

        response = getattr(client, method)(path)

        assert response.status_code == 405, (method, path)
        assert response["Allow"] == "GET, HEAD"


def test_a_write_to_an_unknown_public_path_is_a_404(client):
    assert client.post("/no/such/page/").status_code == 404
