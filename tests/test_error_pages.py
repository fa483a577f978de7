"""Error pages: the site's header and a plain message, JSON under /api/; a database that
cannot be reached is a 503 that says so, not a 500."""

import json

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_seeing_errors():
    return Client(raise_request_exception=False)


def make_queries_raise(monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", fail)


@pytest.fixture
def database_down(monkeypatch):
    make_queries_raise(monkeypatch, OperationalError("connection to server failed"))


@pytest.mark.usefixtures("database_down")
def test_while_the_database_is_down_a_page_is_a_503_with_the_site_header(client_seeing_errors):
    response = client_seeing_errors.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "database cannot be reached" in html


@pytest.mark.usefixtures("database_down")
def test_while_the_database_is_down_the_api_answers_a_json_503(client_seeing_errors):
    response = client_seeing_errors.get("/api/versions/")

    assert response.status_code == 503
    assert "database cannot be reached" in json.loads(response.content)["error"]


def test_any_other_failure_is_a_500_page_with_the_site_header(client_seeing_errors, monkeypatch):
    make_queries_raise(monkeypatch, RuntimeError("a bug"))

    response = client_seeing_errors.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_an_unknown_page_is_a_404_with_the_site_header(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/no-such-endpoint/")

    assert response.status_code == 404
    assert "error" in json.loads(response.content)
