"""/provisions/ on the data set of fixtures/: expected results are computed from the data."""

import pytest
from django import forms
from django.db import connection
from django.db.models import Q

from provisions.models import PlanVersion, Provision
from provisions.search import ProvisionFilter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def found(client, **params):
    """(version slug, position) of every result of a search, all pages."""
    results, page = [], 1
    while True:
        response = client.get("/provisions/", {**params, "page": page})
        assert response.status_code == 200, response.content
        paged = response.context["results"].page
        results += [(p.version.slug, p.position) for p in paged]
        if not paged.has_next():
            return results
        page += 1


def keys(queryset):
    return {(p.version.slug, p.position) for p in queryset.select_related("version")}


def mentioning(phrase):
    """Provisions whose text or one of whose thread titles contains the phrase."""
    return keys(
        Provision.objects.filter(
            Q(text__icontains=phrase) | Q(threads__title__icontains=phrase)
        ).distinct()
    )


def test_armed_forces_finds_the_armed_forces_provisions_of_every_version(client):
    expected = mentioning("armed forces")
    assert len({version for version, _ in expected}) > 2  # the data set still has them

    results = found(client, q="armed forces")

    assert expected <= set(results)
    page = client.get("/provisions/", {"q": "armed forces"}).content.decode()
    assert "600,000" in page and "800,000" in page


def test_the_best_matches_come_first(client):
    expected = mentioning("armed forces")

    results = found(client, q="armed forces")

    assert set(results[: len(expected)]) == expected


def test_a_partial_word_finds_the_whole_word(client):
    expected = mentioning("zaporizhzhia")
    assert expected

    response = client.get("/provisions/", {"q": "zaporizh"})

    assert expected <= set(found(client, q="zaporizh"))
    assert "<mark>Zaporizhzhia</mark>" in response.content.decode()


def test_an_everyday_word_finds_the_texts_words(client):
    """'army' is a synonym of 'armed forces' on every database."""
    expected = keys(Provision.objects.filter(text__icontains="armed forces"))

    assert expected <= set(found(client, q="army"))


@postgres_only
@pytest.mark.parametrize("typo", ["sovereignity", "sovreignty"])
def test_a_misspelt_word_still_finds_the_provisions(client, typo):
    expected = keys(Provision.objects.filter(text__icontains="sovereignty"))
    assert expected

    assert expected <= set(found(client, q=typo))


def test_filters_alone_list_every_provision_they_select(client):
    expected = keys(
        Provision.objects.filter(themes__slug="nato", version__slug="e3-counterproposal")
    )
    assert expected

    assert sorted(found(client, theme="nato", version="e3-counterproposal")) == sorted(expected)


@pytest.mark.parametrize(
    ("params", "lookup"),
    [
        ({"party": "Russia"}, {"version__drafted_by__name": "Russia"}),
        ({"thread": "amnesty"}, {"threads__slug": "amnesty"}),
        ({"status": "bracketed"}, {"status": "bracketed"}),
        ({"reported": "true"}, {"reported": True}),
        ({"reported": "false"}, {"reported": False}),
        ({"text_basis": "reported"}, {"version__text_basis": "reported"}),
        (
            {"theme": "military", "status": "proposed"},
            {"themes__slug": "military", "status": "proposed"},
        ),
    ],
)
def test_each_filter_selects_what_it_says(client, params, lookup):
    expected = keys(Provision.objects.filter(**lookup))
    assert expected

    assert sorted(found(client, **params)) == sorted(expected)


def test_words_and_filters_combine(client):
    expected = mentioning("zaporizhzhia") & keys(Provision.objects.filter(reported=True))
    assert expected

    assert set(found(client, q="zaporizh", reported="true")) == expected


def test_without_words_results_read_in_version_order(client):
    dates = [
        PlanVersion.objects.get(slug=slug).published for slug, _ in found(client, theme="territory")
    ]

    assert dates == sorted(dates)


def test_results_link_the_thread_and_the_comparison_with_the_base_version(client):
    version = PlanVersion.objects.get(slug="e3-counterproposal")

    response = client.get("/provisions/", {"version": version.slug, "thread": "armed-forces-cap"})

    html = response.content.decode()
    assert 'href="/threads/armed-forces-cap/"' in html
    assert f'href="/compare/{version.based_on.slug}/{version.slug}/#t-armed-forces-cap"' in html


def test_a_first_version_has_no_comparison_link(client):
    html = client.get("/provisions/", {"version": "us-28"}).content.decode()

    assert "/compare/" not in html


def test_no_match_says_so_and_offers_to_drop_each_filter(client):
    response = client.get("/provisions/", {"q": "zaporizh", "theme": "nato"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "No provision matches" in html
    assert 'href="?q=zaporizh"' in html  # without the theme
    assert 'href="?theme=nato"' in html  # without the words
    assert client.get("/provisions/?q=zaporizh").context["results"].page.paginator.count


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "nope"}, "there is no theme “nope”"),
        ({"version": "nope"}, "there is no version “nope”"),
        ({"thread": "nope"}, "there is no thread “nope”"),
        ({"party": "Atlantis"}, "no version was drafted by “Atlantis”"),
        ({"status": "maybe"}, "“maybe” is not one of proposed, agreed, bracketed, disputed"),
        ({"reported": "maybe"}, "“maybe” is not one of true, false"),
        ({"text_basis": "rumour"}, "“rumour” is not one of verbatim, paraphrase, reported"),
        ({"q": "x" * 201}, "at most 200 characters, this has 201"),
        ({"page": "abc"}, "“abc” is not a page number"),
        ({"page": "0"}, "pages are numbered from 1"),
    ],
)
def test_bad_input_is_a_400_page_naming_the_problem(client, params, message):
    response = client.get("/provisions/", params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_every_problem_is_listed(client):
    html = client.get("/provisions/", {"theme": "nope", "status": "maybe"}).content.decode()

    assert "there is no theme" in html and "is not one of proposed" in html


def test_a_page_past_the_end_is_a_404_page_saying_how_many_there_are(client):
    response = client.get("/provisions/", {"page": "999"})

    assert response.status_code == 404
    assert "there is no page 999" in response.content.decode()


def test_two_hundred_characters_are_allowed(client):
    assert client.get("/provisions/", {"q": "nato " * 40}).status_code == 200


def test_results_are_paginated_with_working_links(client):
    total = Provision.objects.count()

    first = client.get("/provisions/")
    second = client.get("/provisions/", {"page": 2})

    assert first.context["results"].page.paginator.count == total
    assert 'href="?page=2"' in first.content.decode()
    assert set(first.context["results"].page).isdisjoint(second.context["results"].page)


def test_the_page_has_its_title_description_and_open_graph_tags(client):
    html = client.get("/provisions/", {"q": "amnesty"}).content.decode()

    assert "<title>“amnesty” · Search provisions · PlanCompare</title>" in html
    assert '<meta property="og:url" content="http://testserver/provisions/?q=amnesty">' in html
    assert '<meta property="og:description" content="Find every provision' in html


def test_the_filter_lists_are_the_html_django_would_write():
    version = PlanVersion.objects.first()
    version.short_name = "<b>Draft</b> & co"
    version.save()
    filters = ProvisionFilter({"version": version.slug, "theme": "nothing-by-this-name"})
    assert not filters.is_valid()
    form = filters.form
    ours = {name: str(form[name]) for name in form.fields if name != "q"}
    assert f'<option value="{version.slug}" selected>&lt;b&gt;Draft' in ours["version"]
    assert 'aria-invalid="true"' in ours["theme"]
    for name, html in ours.items():
        form.fields[name].widget = forms.Select(choices=form.fields[name].choices)
        assert html == "".join(line.strip() for line in str(form[name]).splitlines())


def test_no_results_offer_each_filter_removed_by_its_shown_name(client):
    version = PlanVersion.objects.get(slug="us-28")

    response = client.get(
        "/provisions/", {"q": "armed", "version": version.slug, "status": "disputed"}
    )

    html = response.content.decode()
    assert response.context["results"].page.paginator.count == 0
    assert f"without version “{version.short_name}”" in html
    assert "without status “Disputed”" in html
    assert "?q=armed&amp;status=disputed" in html
