"""/feeds/versions/: an Atom feed of the versions, newest first."""

import xml.etree.ElementTree as ET

import pytest

from provisions.models import PlanVersion
from tests.factories import make_party, make_version

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client):
    response = client.get("/feeds/versions/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed.findall(f"{ATOM}entry")


@pytest.mark.usefixtures("shipped_data")
def test_the_feed_has_one_entry_per_version_newest_first(client):
    found = [entry.find(f"{ATOM}link").get("href") for entry in entries(client)]

    newest_first = PlanVersion.objects.order_by("-published", "-id")
    assert found == [f"http://testserver{v.get_absolute_url()}" for v in newest_first]


def test_an_entry_has_title_sanitised_summary_date_and_drafting_parties(client):
    version = make_version(
        title="Draft peace text",
        published="2025-11-20",
        summary="A **bold** start. <script>alert(1)</script>",
        drafted_by=[make_party("Atlantis"), make_party("Borduria")],
    )

    [entry] = [
        entry
        for entry in entries(client)
        if entry.find(f"{ATOM}link").get("href").endswith(version.get_absolute_url())
    ]

    assert entry.find(f"{ATOM}title").text == "Draft peace text"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<strong>bold</strong>" in summary.text
    assert "<script>" not in summary.text
    assert entry.find(f"{ATOM}published").text.startswith("2025-11-20T00:00:00")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Atlantis, Borduria"


def test_every_page_advertises_the_feed(client):
    html = client.get("/").content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" title="PlanCompare: new versions" '
        'href="/feeds/versions/">' in html
    )
