"""The search page and every API endpoint take as many queries for 10x the data as for 1x."""

import pytest

from provisions.models import PlanVersion
from tests.factories import (
    make_party,
    make_provision,
    make_source,
    make_theme,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.django_db


def build(versions, provisions_each):
    """Versions (each revising the previous) whose provisions all share threads and a word."""
    source, theme, party = make_source(), make_theme("military"), make_party("Drafters")
    threads = [make_thread(title="Cap on the army"), make_thread()]
    previous = None
    for _ in range(versions):
        previous = make_version(drafted_by=[party], based_on=previous)
        previous.citations.create(source=source)
        for _ in range(provisions_each):
            provision = make_provision(
                previous,
                text="The armed forces are capped in peacetime.",
                threads=threads,
                themes=[theme],
                sources=[source],
            )
            provision.positions.create(party=party, position="Agrees.")
        previous.removals.create(thread=make_thread(), order=1)
    return previous, threads[0]


URLS = [
    "/provisions/",
    "/provisions/?q=armed+forces",
    "/provisions/?q=army&theme=military&party=Drafters&thread={thread}&status=proposed",
    "/provisions/?version={version}&reported=false&text_basis=paraphrase&page=1",
    "/api/versions/",
    "/api/versions/{version}/",
    "/api/threads/",
    "/api/threads/{thread}/",
    "/api/sources/",
    "/api/provisions/",
    "/api/provisions/?q=armed+forces&theme=military",
    "/feeds/versions/",
    "/api/",
    "/versions/",
    "/threads/",
    "/themes/",
    "/themes/military/",
    "/threads/{thread}/",
    "/compare/{base}/{version}/",
]


def counts(count_queries, version, thread):
    return {
        url: count_queries(
            url.format(version=version.slug, thread=thread.slug, base=version.based_on.slug)
        )
        for url in URLS
    }


def test_queries_do_not_grow_with_the_data(count_queries):
    small = counts(count_queries, *build(2, 3))

    large = counts(count_queries, *build(10, 30))

    assert large == small


def synoptic_counts(count_queries, version, _thread):
    """Queries of the synoptic table, its SVG and a fixed base, over every version built."""
    chain = PlanVersion.objects.lineage()
    slugs, slug = [], version.slug
    while slug:
        slugs.append(f"v={slug}")
        slug = chain[slug]
    slugs = "&".join(slugs)
    url = f"/compare/?{slugs}&theme=military"
    return [
        count_queries(url),
        count_queries(f"{url}&format=svg"),
        count_queries(f"{url}&base={version.slug}"),
    ]


def test_the_synoptic_table_and_its_overview_take_as_many_queries_for_more_versions(
    count_queries,
):
    small = synoptic_counts(count_queries, *build(3, 3))

    large = synoptic_counts(count_queries, *build(11, 10))

    assert large == small


def test_comparisons_load_their_contents_in_a_fixed_handful_of_queries(count_queries):
    """Besides not growing, the comparisons, the version and the thread pages stay lean: their
    contents come as values() rows (provisions/lean.py), one query per kind of thing shown."""
    version, thread = build(3, 3)
    pair = f"{version.based_on.slug}/{version.slug}/"

    counts = {
        "pair": count_queries(f"/compare/{pair}"),
        "API pair": count_queries(f"/api/compare/{pair}"),
        "synoptic, its SVG, a fixed base": synoptic_counts(count_queries, version, thread),
        "version": count_queries(f"/versions/{version.slug}/"),
        "thread": count_queries(f"/threads/{thread.slug}/"),
        "API thread": count_queries(f"/api/threads/{thread.slug}/"),
    }

    assert counts == {
        "pair": 13,
        "API pair": 12,
        "synoptic, its SVG, a fixed base": [12, 12, 12],
        "version": 14,
        "thread": 12,
        "API thread": 12,
    }
