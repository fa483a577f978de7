"""Fixtures shared by the tests: the shipped data set, an editor's client, a query counter."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.accounts import make_editor


@pytest.fixture(scope="module")
def shipped_data(django_db_setup, django_db_blocker):
    """The data set of fixtures/, loaded once per test module and rolled back afterwards.

    Use with `pytestmark = pytest.mark.usefixtures("shipped_data")`. Each test still runs in
    its own savepoint, so tests may add to the data freely.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_plans", "fixtures/", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def editor_client(client, db):
    """A client signed in as a member of the Editors group."""
    client.force_login(make_editor())
    return client


@pytest.fixture
def count_queries(client):
    """count_queries(url) -> the number of SQL queries a successful GET of `url` takes."""

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:500])
        return len(captured)

    return count
