import pytest
from django.urls import reverse

from tests.factories import make_provision, make_source, make_thread, make_version

pytestmark = pytest.mark.django_db


def build_versions(count, provisions_each):
    source = make_source()
    thread = make_thread()
    versions = [make_version() for _ in range(count)]
    for version in versions:
        for _ in range(provisions_each):
            make_provision(version, threads=[thread], sources=[source])
    return versions


def test_home_lists_every_version_with_its_parties_and_size(client):
    version = build_versions(1, 3)[0]

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert version.short_name in page
    assert version.drafted_by.get().name in page
    assert "3 provisions" in page


def test_version_page_shows_its_provisions_in_order(client):
    version = make_version()
    make_provision(version, number="2", position=2, text="Second **point**.")
    make_provision(version, number="1", position=1, text="First point.")

    response = client.get(version.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("First point.") < page.index("Second <strong>point</strong>.")
    assert 'id="point-1"' in page


def test_an_unknown_version_is_a_404(client):
    response = client.get(reverse("provisions:version_detail", args=["no-such-version"]))

    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["home", "version_detail"])
def test_query_count_does_not_grow_with_the_data(count_queries, url_name):
    small = build_versions(2, 3)
    args = [small[0].slug] if url_name == "version_detail" else []
    small_count = count_queries(reverse(f"provisions:{url_name}", args=args))

    large = build_versions(10, 30)
    args = [large[0].slug] if url_name == "version_detail" else []
    large_count = count_queries(reverse(f"provisions:{url_name}", args=args))

    assert large_count == small_count


def test_html_in_a_provision_never_reaches_the_page_live(client):
    version = make_version()
    make_provision(
        version,
        text="<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    )

    page = client.get(version.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in page
    assert "onerror" not in page
    assert "javascript:" not in page
