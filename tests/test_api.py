"""The read-only JSON API on the data set of fixtures/."""

import datetime

import pytest
from django.db.models import Count

from provisions.models import PlanVersion, Provision, Source, Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def every_result(client, url, params=None):
    """All results of a paginated list, following the absolute `next` links."""
    data = get_json(client, url, params)
    results = data["results"]
    while data["next"]:
        assert data["next"].startswith("http://testserver/")
        data = get_json(client, data["next"].removeprefix("http://testserver"))
        results += data["results"]
    return results


def test_versions_lists_every_version_in_date_order(client):
    data = get_json(client, "/api/versions/")

    expected = list(PlanVersion.objects.in_date_order().values_list("slug", flat=True))
    assert data["count"] == len(expected) == 9
    assert [v["slug"] for v in data["results"]] == expected


def test_a_version_in_the_list_has_stable_ids_iso_dates_and_absolute_urls(client):
    version = PlanVersion.objects.get(slug="e3-counterproposal")

    [item] = [v for v in get_json(client, "/api/versions/")["results"] if v["slug"] == version.slug]

    assert item["published"] == version.published.isoformat()
    assert datetime.date.fromisoformat(item["published"]) == version.published
    assert item["based_on"] == version.based_on.slug
    assert item["drafted_by"] == sorted(p.name for p in version.drafted_by.all())
    assert item["provision_count"] == version.provisions.count()
    assert item["url"] == f"http://testserver/versions/{version.slug}/"
    assert item["api_url"] == f"http://testserver/api/versions/{version.slug}/"
    assert (
        item["compare_url"] == f"http://testserver/compare/{version.based_on.slug}/{version.slug}/"
    )


def test_a_version_has_its_provisions_in_order_with_threads_themes_and_citations(client):
    version = PlanVersion.objects.get(slug="us-28")

    data = get_json(client, "/api/versions/us-28/")

    provisions = list(version.provisions.in_order())
    assert [p["number"] for p in data["provisions"]] == [p.number for p in provisions]
    first, stored = data["provisions"][0], provisions[0]
    assert first["text"] == stored.text
    assert first["threads"][0]["slug"] == stored.threads.first().slug
    assert first["themes"] == [t.slug for t in stored.themes.all()]
    assert [c["source"] for c in first["citations"]] == [
        c.source.slug for c in stored.citations.all()
    ]
    assert first["url"] == f"http://testserver/versions/us-28/#{stored.anchor}"
    assert len(data["citations"]) == version.citations.count()


def test_a_version_lists_the_subjects_it_removed(client):
    version = PlanVersion.objects.annotate(n=Count("removals")).filter(n__gt=0).first()

    data = get_json(client, f"/api/versions/{version.slug}/")

    assert [r["thread"]["slug"] for r in data["removals"]] == [
        r.thread.slug for r in version.removals.all()
    ]


def test_threads_lists_every_thread(client):
    results = every_result(client, "/api/threads/")

    assert sorted(t["slug"] for t in results) == sorted(
        Thread.objects.values_list("slug", flat=True)
    )


def test_a_thread_gives_its_trail_in_version_date_order(client):
    data = get_json(client, "/api/threads/armed-forces-cap/")

    expected = Provision.objects.filter(threads__slug="armed-forces-cap").order_by(
        "version__published", "version_id", "position"
    )
    assert [(p["version"]["slug"], p["number"]) for p in data["provisions"]] == [
        (p.version.slug, p.number) for p in expected
    ]
    dates = [p["version"]["published"] for p in data["provisions"]]
    assert dates == sorted(dates)
    assert data["url"] == "http://testserver/threads/armed-forces-cap/"


def test_a_thread_has_the_diffs_its_page_shows(client):
    data = get_json(client, "/api/threads/armed-forces-cap/")
    page = client.get("/threads/armed-forces-cap/").context["trail"]

    assert [v["version"] for v in data["versions"]] == [c.version.slug for c in page.cells]
    assert [v["status"] for v in data["versions"]] == [c.status for c in page.cells]
    assert data["versions"][0]["compared_with"] is None
    # Every version is there; those without the subject say why, honestly.
    assert {v["status"] for v in data["versions"] if not v["present"]} <= {
        "removed",
        "not-in-text",
        "not-reported",
    }
    amended = [v for v in data["versions"] if v["status"] == "amended"]
    assert amended and all(v["diff"] for v in amended)
    assert any(["delete", "600,000"] in v["diff"] for v in amended)


def test_sources_are_paginated_with_absolute_links(client):
    first = get_json(client, "/api/sources/")

    assert first["count"] == Source.objects.count()
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/sources/?page=2"
    second = get_json(client, "/api/sources/", {"page": 2})
    assert second["previous"] == "http://testserver/api/sources/?page=1"
    slugs = [s["slug"] for s in every_result(client, "/api/sources/")]
    assert sorted(slugs) == sorted(Source.objects.values_list("slug", flat=True))


def test_provisions_take_the_search_pages_filters(client):
    results = every_result(
        client, "/api/provisions/", {"theme": "nato", "version": "e3-counterproposal"}
    )

    expected = Provision.objects.filter(themes__slug="nato", version__slug="e3-counterproposal")
    assert sorted(r["number"] for r in results) == sorted(p.number for p in expected)
    assert {r["version"]["slug"] for r in results} == {"e3-counterproposal"}


def test_provisions_search_with_snippets(client):
    results = every_result(client, "/api/provisions/", {"q": "zaporizh"})

    expected = Provision.objects.filter(text__icontains="zaporizhzhia")
    found = {(r["version"]["slug"], r["position"]) for r in results}
    assert {(p.version.slug, p.position) for p in expected} <= found
    assert any("<mark>Zaporizhzhia</mark>" in r["snippet_html"] for r in results)
    assert all("<mark>" not in r["snippet"] for r in results)


def test_provisions_pages_keep_the_filters_in_their_links(client):
    data = get_json(client, "/api/provisions/", {"reported": "false"})

    assert data["count"] == Provision.objects.filter(reported=False).count()
    assert data["next"] == "http://testserver/api/provisions/?reported=false&page=2"


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/versions/nope/", 404, "there is no version “nope”."),
        ("/api/threads/nope/", 404, "there is no thread “nope”."),
        ("/api/provisions/?theme=nope", 400, "theme: there is no theme “nope”."),
        ("/api/provisions/?status=maybe", 400, "status: “maybe” is not one of"),
        ("/api/provisions/?page=abc", 400, "page: “abc” is not a page number."),
        ("/api/provisions/?page=999", 404, "page: there is no page 999"),
        ("/api/versions/?page=2", 404, "page: there is no page 2"),
        ("/api/sources/?page=-1", 400, "page: “-1” is not a page number."),
        ("/api/compare/us-28/nope/", 404, "There is no version “nope”."),
        ("/api/compare/?v=us-28&theme=nope", 400, "theme: there is no theme “nope”."),
    ],
)
def test_errors_are_json_with_a_4xx_status(client, url, status, message):
    data = get_json(client, url, status=status)

    assert data["error"].startswith(message)
    assert list(data) == ["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/versions/",
        "/api/threads/sovereignty/",
        "/api/compare/us-28/e3-counterproposal/",
        "/api/compare/?v=us-28&v=geneva-19&v=e3-counterproposal",
        "/api/compare/us-28/nope/",
        "/api/compare/?v=us-28",
    ],
)
def test_every_endpoint_may_be_read_from_any_origin(client, url):
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/versions/",
        "/api/versions/us-28/",
        "/api/provisions/",
        "/api/compare/us-28/e3-counterproposal/",
        "/api/compare/?v=us-28&v=geneva-19&v=e3-counterproposal",
    ],
)
def test_only_get_is_allowed(client, method, url):
    before = PlanVersion.objects.count()

    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "read-only" in response.json()["error"]
    assert PlanVersion.objects.count() == before
