"""Public pages are cached under the data version and revalidated with 304; nothing else is."""

import gzip
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date

from provisions import caching
from provisions.models import Thread
from tests.accounts import make_editor
from tests.factories import make_provision, make_thread, make_version

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/versions/{first}/",
    "/compare/{first}/{second}/",
    "/compare/{first}/{second}/?format=csv",
    "/compare/?v={first}&v={second}&v={third}",
    "/threads/army/",
    "/provisions/?q=armed+forces",
    "/api/compare/{first}/{second}/",
    "/api/versions/",
    "/feeds/versions/",
]


@pytest.fixture
def slugs():
    army = make_thread(slug="army", title="Cap on the armed forces")
    previous = None
    for slug in ("first", "second", "third"):
        previous = make_version(slug=slug, based_on=previous)
        make_provision(previous, text=f"The armed forces of the {slug} draft.", threads=[army])
    return {"first": "first", "second": "second", "third": "third"}


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    response.queries = len(queries)
    return response


def test_every_public_page_is_served_from_the_cache_with_one_query(client, slugs):
    # One test for all pages: parametrizing it would let pytest move the browser tests,
    # which flush the database, in among the tests that need the migrations' data.
    for page in PAGES:
        url = page.format(**slugs)
        first = get(client, url)

        second = get(client, url)

        assert first.status_code == second.status_code == 200, url
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit"), url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]
        assert second["ETag"] == first["ETag"]
        assert second.queries == 1, url  # the data version
        assert "csrfmiddlewaretoken" not in first.content.decode()
        assert not first.cookies


def test_a_write_is_shown_on_the_very_next_request(client, slugs):
    url = reverse("provisions:thread_detail", args=["army"])
    before = get(client, url)

    army = Thread.objects.get(slug="army")
    make_provision(make_version(slug="fourth"), text="A brand new ceiling.", threads=[army])
    after = get(client, url)

    assert after["X-Cache"] == "miss"
    assert b"A brand new ceiling." in after.content
    assert after["ETag"] != before["ETag"]


def test_a_current_etag_gets_a_304_without_running_the_page(client, slugs):
    url = "/compare/first/second/"
    etag = get(client, url)["ETag"]

    answer = get(client, url, if_none_match=etag)
    strong = get(client, url, if_none_match=etag.removeprefix("W/"))
    other = get(client, url, if_none_match='W/"something-else"')

    assert (answer.status_code, strong.status_code, other.status_code) == (304, 304, 200)
    assert answer.content == b""
    assert answer.queries == 1
    assert answer["ETag"] == etag
    assert answer["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_an_etag_from_before_a_write_gets_the_new_page(client, slugs):
    etag = get(client, "/")["ETag"]

    make_version(slug="fourth", short_name="The fourth draft")
    response = get(client, "/", if_none_match=etag)

    assert response.status_code == 200
    assert b"The fourth draft" in response.content


def test_if_modified_since_is_answered_once_the_second_of_the_change_is_over(client, slugs):
    make_thread()  # the change: its second is not over yet
    fresh = get(client, "/")
    assert "Last-Modified" not in fresh

    time.sleep(1.1)
    dated = get(client, "/")
    not_modified = get(client, "/", if_modified_since=dated["Last-Modified"])
    earlier = get(client, "/", if_modified_since=http_date(time.time() - 3600))

    assert (not_modified.status_code, earlier.status_code) == (304, 200)


def test_headers_let_browsers_and_shared_caches_keep_and_revalidate(client, slugs):
    response = get(client, "/")

    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert response["Vary"] == "Accept-Encoding"
    assert response["ETag"].startswith('W/"')


def test_pages_are_gzipped_for_clients_that_accept_it_and_cached_per_encoding(client, slugs):
    plain = get(client, "/compare/first/second/")
    zipped = get(client, "/compare/first/second/", accept_encoding="gzip, br")
    zipped_again = get(client, "/compare/first/second/", accept_encoding="gzip")

    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert gzip.decompress(zipped.content) == plain.content
    assert (zipped["X-Cache"], zipped_again["X-Cache"]) == ("miss", "hit")


def test_each_url_and_format_is_its_own_entry(client, slugs):
    html = get(client, "/compare/first/second/")
    csv = get(client, "/compare/first/second/?format=csv")
    filtered = get(client, "/compare/first/second/?changed=1")

    assert [r["X-Cache"] for r in (html, csv, filtered)] == ["miss"] * 3
    assert csv["Content-Type"].startswith("text/csv")
    assert html["Content-Type"].startswith("text/html")
    assert filtered.content != html.content


def test_a_head_request_is_answered_from_the_same_entry(client, slugs):
    get(client, "/")

    response = client.head("/")

    assert response.status_code == 200
    assert response["X-Cache"] == "hit"


def test_editors_and_the_admin_are_never_cached_nor_compressed(client, slugs):
    client.force_login(make_editor())
    for url in ("/", "/compare/first/second/", reverse("admin:index")):
        first = get(client, url, accept_encoding="gzip")
        second = get(client, url, accept_encoding="gzip")

        assert "X-Cache" not in second
        assert second.queries > 1
        assert "Content-Encoding" not in first
        assert "no-cache" in second["Cache-Control"]
        assert "private" in second["Cache-Control"]
        assert "ETag" not in second


def test_a_request_with_credentials_is_not_cached(client, slugs):
    response = get(client, "/", authorization="Basic dXNlcjpwYXNz")

    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_an_error_page_is_not_cached(client, slugs):
    first = get(client, "/versions/nope/")
    second = get(client, "/versions/nope/")

    assert first.status_code == second.status_code == 404
    assert second.queries > 1
    assert "X-Cache" not in second


class BrokenCache(LocMemCache):
    """A cache whose server is down."""

    calls = 0

    def get(self, *args, **kwargs):
        BrokenCache.calls += 1
        raise ConnectionError("cache server down")

    set = get


@override_settings(CACHES={"default": {"BACKEND": "tests.test_caching.BrokenCache"}})
def test_a_failing_cache_serves_pages_uncached_and_is_tried_again_later(client, slugs, monkeypatch):
    BrokenCache.calls = 0
    first = get(client, "/")
    second = get(client, "/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Cache"], second["X-Cache"]) == ("uncached", "uncached")
    assert BrokenCache.calls == 1  # not tried again at once: a dead server costs one timeout

    later = caching.monotonic() + caching.RETRY_AFTER
    monkeypatch.setattr(caching, "monotonic", lambda: later)
    get(client, "/")
    get(client, "/")

    assert BrokenCache.calls == 2
    assert b"first" in second.content


def test_a_hit_carries_the_headers_the_whole_stack_gave_the_page(client, slugs):
    first = get(client, "/threads/army/")
    second = get(client, "/threads/army/")

    assert second["X-Cache"] == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Content-Type",
    ):
        assert second[header] == first[header], header


@override_settings(WHITENOISE_USE_FINDERS=True)  # served from static/, collected or not
def test_static_files_pass_by_without_reading_the_data_version(client, slugs):
    response = get(client, "/static/css/site.css")

    assert response.status_code == 200
    assert response.queries == 0
    assert "X-Cache" not in response
