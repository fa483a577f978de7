"""Titles, descriptions and Open Graph tags from the `title` and `description` blocks."""

import pytest
from django.template import Context, Template

from tests.factories import make_version

pytestmark = pytest.mark.django_db


def meta(html, prop):
    opening = f'<meta property="{prop}" content="'
    start = html.index(opening) + len(opening)
    return html[start : html.index('"', start)]


def test_capture_keeps_the_text_of_a_block_for_reuse():
    rendered = Template(
        "{% load provisions_tags %}"
        "{% capture t %} A <b>bold</b>\n &amp; plain {{ x }} {% endcapture %}"
        "[{{ t }}]"
    ).render(Context({"x": '"quoted"'}))

    assert rendered == "[A bold &amp; plain &quot;quoted&quot;]"


def test_the_home_page_has_its_sharing_tags(client):
    html = client.get("/").content.decode()

    assert "<title>PlanCompare: every version of the text</title>" in html
    assert meta(html, "og:title") == "PlanCompare: every version of the text"
    assert meta(html, "og:type") == "website"
    assert meta(html, "og:url") == "http://testserver/"
    assert meta(html, "og:site_name") == "PlanCompare"
    assert meta(html, "og:description").startswith("Every version of the negotiated text")


def test_a_version_page_describes_the_version_safely(client):
    version = make_version(
        short_name='The "Geneva" text',
        summary='A **framework** of 19 points. <img src=x onerror="alert(1)">',
    )

    html = client.get(version.get_absolute_url()).content.decode()

    assert "<title>The &quot;Geneva&quot; text · PlanCompare</title>" in html
    assert meta(html, "og:title") == "The &quot;Geneva&quot; text · PlanCompare"
    assert meta(html, "og:description") == "A framework of 19 points."
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:url") == f"http://testserver{version.get_absolute_url()}"
    assert "onerror" not in html


def test_the_header_has_the_search_link_and_box(client):
    html = client.get("/").content.decode()

    assert '<a href="/provisions/">Search</a>' in html
    assert '<form class="header-search" role="search" method="get" action="/provisions/">' in html
    assert '<input id="header-q" type="search" name="q"' in html
