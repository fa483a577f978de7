"""Malformed addresses and parameters are a 400 in the format asked for, never a 500."""

import json

import pytest

from tests.accounts import make_user

pytestmark = pytest.mark.django_db

CONTROL_URLS = [
    "/compare/?v=us-28&v=%00",
    "/provisions/?q=army%0B",
    "/sources/?by=%1B",
    "/versions/%00/",
    "/?%00=1",
]


@pytest.mark.parametrize("url", CONTROL_URLS)
def test_a_control_character_in_a_page_address_is_an_html_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "control character" in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize(
    "url", ["/api/compare/?v=us-28&v=%00", "/api/provisions/?q=%07", "/api/versions/?page=%00"]
)
def test_a_control_character_in_an_api_address_is_a_json_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "control character" in json.loads(response.content)["error"]


def test_a_nul_in_the_admin_autocomplete_term_is_a_400(client):
    client.force_login(make_user("editor", staff=True))

    response = client.get("/admin/autocomplete/?term=%00&app_label=provisions")

    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/provisions/?page=", "/api/versions/?page=", "/sources/?page="])
def test_a_page_number_of_thousands_of_digits_is_a_400(client, url):
    response = client.get(url + "9" * 4400)

    assert response.status_code == 400
    assert "characters long" in response.content.decode()


def test_a_nul_in_a_posted_form_is_a_400_and_signs_nobody_in(client):
    make_user("editor", staff=True)

    response = client.post("/admin/login/", {"username": "editor\x00", "password": "x"})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_tabs_and_line_breaks_in_a_search_are_not_control_characters_here(client):
    assert client.get("/provisions/?q=army%09forces%0A").status_code == 200
