import csv
import datetime
import io
import textwrap
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from provisions.models import Claim, PlanVersion, Removal
from tests.factories import (
    make_party,
    make_provision,
    make_source,
    make_theme,
    make_thread,
    make_version,
)

pytestmark = pytest.mark.django_db


def dated(day, **fields):
    return make_version(published=datetime.date(2025, 11, day), **fields)


def synoptic_url(*versions, extra=""):
    return "/compare/?" + "&".join(f"v={version.slug}" for version in versions) + extra


class ElementText(HTMLParser):
    """Collects the text inside each <del> and <ins> element, and the rows' ids and flags."""

    def __init__(self):
        super().__init__()
        self.open = []
        self.texts = {"del": [], "ins": []}
        self.rows = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.texts:
            self.open.append(tag)
            self.texts[tag].append("")
        if tag == "tr" and "data-row" in attrs:
            self.rows[attrs["id"]] = {"hidden": "hidden" in attrs, "kind": attrs["data-kind"]}

    def handle_endtag(self, tag):
        if tag in self.texts and self.open:
            self.open.pop()

    def handle_data(self, data):
        for tag in self.open:
            self.texts[tag][-1] += data


def parse(response):
    parser = ElementText()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def plans():
    """Two dated versions with a changed figure, an unchanged subject and a removal."""
    military = make_theme("military")
    cap = make_thread(slug="army-cap", title="Cap on the army")
    cap.themes.set([military])
    sovereignty = make_thread(slug="sovereignty", title="Sovereignty")
    amnesty = make_thread(slug="amnesty", title="Amnesty")
    source = make_source(
        slug="axios-text", publisher="Axios", url="https://axios.example/full-text"
    )
    old = dated(1, slug="old", short_name="Old plan")
    new = dated(2, slug="new", short_name="New plan", based_on=old)
    make_provision(old, number="1", threads=[sovereignty], text="Sovereignty is confirmed.")
    make_provision(
        old, number="6", threads=[cap], sources=[source], text="A cap of 600,000 personnel."
    )
    make_provision(old, number="26", threads=[amnesty], text="A full amnesty.")
    make_provision(new, number="1", threads=[sovereignty], text="Sovereignty is confirmed.")
    make_provision(new, number="6", threads=[cap], text="A cap of 800,000 personnel.")
    Removal.objects.create(version=new, thread=amnesty, note="Deleted by the drafters.")
    return old, new


def test_the_pair_page_shows_marks_diff_counts_figures_and_citations(client, plans):
    response = client.get("/compare/old/new/")

    assert response.status_code == 200
    page = response.content.decode()
    parsed = parse(response)
    assert "600,000" in parsed.texts["del"] and "800,000" in parsed.texts["ins"]
    assert parsed.rows["t-army-cap"]["kind"] == "amended"
    assert parsed.rows["t-amnesty"]["kind"] == "removed"
    assert parsed.rows["t-sovereignty"]["kind"] == "unchanged"
    assert "Deleted by the drafters." in page
    assert 'href="https://axios.example/full-text"' in page
    assert 'data-count="amended">1<' in page
    assert "Cap on the army</a>:" in page
    figure = '<span class="change-kind">Figure:</span> <del>600,000</del> → <ins>800,000</ins>'
    assert figure in page
    assert 'href="#t-army-cap"' in page


def test_hide_unchanged_and_the_theme_filter_work_without_javascript(client, plans):
    hidden_unchanged = parse(client.get("/compare/old/new/?changed=1")).rows
    military_only = parse(client.get("/compare/old/new/?theme=military")).rows

    assert hidden_unchanged["t-sovereignty"]["hidden"]
    assert not hidden_unchanged["t-army-cap"]["hidden"]
    assert [anchor for anchor, row in military_only.items() if not row["hidden"]] == ["t-army-cap"]


def test_the_picker_with_two_versions_lands_on_the_pair_page_in_date_order(client, plans):
    response = client.get("/compare/?v=new&v=old&theme=military")

    assert response.status_code == 302
    assert response["Location"] == "/compare/old/new/?theme=military"


def test_the_synoptic_table_has_a_column_per_version_in_date_order(client, plans):
    old, new = plans
    later = dated(3, slug="later", short_name="Later plan")
    make_provision(later, threads=list(old.provisions.get(number="6").threads.all()), text="x")

    response = client.get(synoptic_url(later, new, old))

    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('id="full-table"') :]
    assert table.index("Old plan</a>") < table.index("New plan</a>") < table.index("Later plan</a>")
    assert "Not in the text" in table
    assert "Removed" in table


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/compare/?v=old", "at least two versions"),
        ("/compare/", "at least two versions"),
        ("/compare/?v=old&v=old&v=new", "listed twice"),
        ("/compare/?v=old&v=new&v=nope", "There is no version “nope”"),
        ("/compare/?" + "&".join(f"v=x{n}" for n in range(13)), "at most 12 versions"),
        ("/compare/old/old/", "choose two different versions"),
        ("/compare/old/new/?theme=astrology", "theme: there is no theme “astrology”."),
        ("/compare/old/new/?format=xml", "Unknown format “xml”"),
    ],
)
def test_malformed_comparisons_get_a_400_page_saying_what_is_wrong(client, plans, url, message):
    response = client.get(url)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "This comparison cannot be made" in response.content.decode()


def test_a_malformed_source_list_says_what_is_wrong_with_the_sources(client, plans):
    response = client.get("/sources/?by=colour")

    page = response.content.decode()
    assert response.status_code == 400
    assert "These sources cannot be listed" in page
    assert "Sources can be grouped by kind, publisher or date." in page
    assert "comparison" not in page


@pytest.mark.parametrize(
    "url",
    ["/compare/old/nope/", "/versions/nope/", "/threads/nope/", "/sources/nope/", "/themes/nope/"],
)
def test_unknown_slugs_are_404(client, plans, url):
    assert client.get(url).status_code == 404


def test_the_api_gives_json_errors(client, plans):
    missing = client.get("/api/compare/old/nope/")
    malformed = client.get("/api/compare/?v=old")

    assert missing.status_code == 404
    assert missing.json()["error"] == "There is no version “nope”."
    assert malformed.status_code == 400
    assert "at least two versions" in malformed.json()["error"]


def test_the_pair_api_has_rows_with_kinds_texts_pieces_and_absolute_links(client, plans):
    data = client.get("/api/compare/old/new/").json()

    assert data["type"] == "pair"
    assert data["url"] == "http://testserver/compare/old/new/"
    assert [version["slug"] for version in data["versions"]] == ["old", "new"]
    cap = next(row for row in data["rows"] if row["threads"][0]["slug"] == "army-cap")
    assert cap["kind"] == "amended"
    assert ["delete", "600,000"] in cap["diff"] and ["insert", "800,000"] in cap["diff"]
    assert cap["cells"][0]["provisions"][0]["number"] == "6"
    assert cap["cells"][0]["provisions"][0]["url"] == "http://testserver/versions/old/#point-6"
    assert cap["citations"] == [
        {
            "source": "axios-text",
            "title": cap["citations"][0]["title"],
            "publisher": "Axios",
            "link": "https://axios.example/full-text",
            "note": "",
            "url": "http://testserver/sources/axios-text/",
        }
    ]
    assert cap["url"] == "http://testserver/compare/old/new/#t-army-cap"
    assert data["counts"]["removed"] == 1


def test_the_synoptic_api_diffs_each_cell_against_the_previous_one(client, plans):
    old, new = plans
    later = dated(3, slug="later")
    make_provision(later, number="2", text="Unaligned.")

    data = client.get(synoptic_url(old, new, later, extra="&changed=1").replace("/", "/api/", 1))

    body = data.json()
    assert body["type"] == "synoptic" and body["filters"]["changed_only"] is True
    cap = next(row for row in body["rows"] if row["anchor"] == "t-army-cap")
    assert [cell["status"] for cell in cap["cells"]] == ["first", "amended", "not-in-text"]
    assert cap["cells"][1]["compared_with"] == "old"
    assert cap["cells"][1]["compared_with_note"].startswith("Compared with Old plan")
    assert "t-sovereignty" not in [row["anchor"] for row in body["rows"]]


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_of_a_pair_is_an_attachment_with_a_bom_and_a_row_per_thread(client, plans):
    response = client.get("/compare/old/new/?format=csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="plancompare-old-vs-new.csv"'
    header, *rows = csv_rows(response)
    assert header[3:5] == ["Old plan: number", "Old plan: text"]
    assert header[5:7] == ["New plan: number", "New plan: text"]
    assert {row[1]: row[2] for row in rows} == {
        "sovereignty": "Unchanged",
        "army-cap": "Amended",
        "amnesty": "Removed",
    }
    cap = next(row for row in rows if row[1] == "army-cap")
    assert cap[-1] == "Axios: https://axios.example/full-text"


def test_csv_export_of_the_synoptic_table_follows_the_filters(client, plans):
    old, new = plans
    later = dated(3, slug="later", short_name="Later plan")

    response = client.get(synoptic_url(old, new, later, extra="&theme=military&format=csv"))

    header, *rows = csv_rows(response)
    assert "Later plan: change" in header
    assert [row[1] for row in rows] == ["army-cap"]
    assert response["Content-Disposition"] == 'attachment; filename="plancompare-3-versions.csv"'


def test_the_pages_offer_the_download_and_the_api(client, plans):
    page = client.get("/compare/old/new/?theme=military").content.decode()

    assert 'href="?theme=military&amp;format=csv"' in page
    assert 'href="/api/compare/old/new/?theme=military"' in page


def test_the_version_page_explains_its_text_basis_and_links_the_comparison(client, plans):
    old, new = plans
    new.text_basis = "reported"
    new.completeness = "partial"
    new.published_note = "Seen by reporters."
    new.save()
    new.citations.create(source=make_source(publisher="Reuters"))

    page = client.get("/versions/new/").content.decode()

    assert "Reported summary" in page and "No text was published" in page
    assert "Partial text:" in page
    assert "Seen by reporters." in page
    assert 'href="/compare/old/new/"' in page
    assert 'id="removed-amnesty"' in page and "Deleted by the drafters." in page
    assert "Reuters" in page


def test_the_version_page_shows_positions_rendering_notes_status_and_claims(client, plans):
    old, _new = plans
    provision = old.provisions.get(number="6")
    provision.status, provision.reported = "bracketed", True
    provision.rendering_notes = "Some relays say 'reduced to'."
    provision.save()
    provision.positions.create(party=make_party("Ukraine"), position="Wants 800,000.")
    blog = make_source(publisher="Blog")
    claim = Claim.objects.create(source=blog, claim="Cap: 400,000.", accuracy="contradicts-text")
    claim.provisions.add(provision)

    page = client.get("/versions/old/").content.decode()

    for text in ("Bracketed", ">Reported<", "reduced to", "Wants 800,000.", "Cap: 400,000."):
        assert text in page
    assert "Contradicts the text" in page


def test_the_thread_page_follows_the_subject_through_every_version_with_removals(client, plans):
    old, new = plans
    later = dated(3, slug="later", short_name="Later plan")
    amnesty = make_thread(slug="amnesty-2")
    make_provision(later, threads=[amnesty], text="Unrelated.")
    removal = new.removals.get()
    claim = Claim.objects.create(
        source=make_source(publisher="Commentary"), claim="It was dropped.", accuracy="consistent"
    )
    claim.removals.add(removal)

    page = client.get("/threads/amnesty/").content.decode()

    assert page.index("Old plan") < page.index("New plan")
    assert "A full amnesty." in page and "Deleted by the drafters." in page
    assert "It was dropped." in page and "Consistent with the text" in page
    assert 'Not in the text of <a href="/versions/later/">Later plan</a>' in page


def test_the_thread_page_shows_the_diff_between_neighbours(client, plans):
    response = client.get("/threads/army-cap/")

    parsed = parse(response)
    assert parsed.texts["del"][-1] == "600,000" and parsed.texts["ins"][-1] == "800,000"
    assert 'href="/compare/old/new/#t-army-cap"' in response.content.decode()


def test_sources_are_grouped_by_kind_or_publisher_and_say_what_they_support(client, plans):
    old, _new = plans
    source = make_source(publisher="Analyst Weekly", kind="analysis", title="A reading")
    source.citations.create(version=old)
    claim = Claim.objects.create(source=source, claim="Cap is 600,000.", accuracy="consistent")
    claim.provisions.add(old.provisions.get(number="6"))

    by_kind = client.get("/sources/").content.decode()
    by_publisher = client.get("/sources/?by=publisher").content.decode()
    detail = client.get(source.get_absolute_url()).content.decode()

    assert "Analysis <span" in by_kind and "Report <span" in by_kind
    assert "Analyst Weekly <span" in by_publisher
    assert 'href="/versions/old/"' in detail
    assert "Cap is 600,000." in detail and "Consistent with the text" in detail
    assert 'href="/versions/old/#point-6"' in detail


def test_the_theme_page_lists_its_threads_with_the_versions_that_have_them(client, plans):
    page = client.get("/themes/military/").content.decode()

    assert "Cap on the army" in page
    assert 'href="/versions/old/#point-6"' in page and 'href="/versions/new/#point-6"' in page
    assert "/compare/?v=old&amp;v=new&amp;theme=military" in page


def test_the_home_page_has_the_compare_picker_themes_and_timeline(client, plans):
    page = client.get("/").content.decode()

    assert 'action="/compare/"' in page
    assert 'name="v" value="old"' in page and 'name="v" value="new"' in page
    assert 'href="/themes/military/"' in page
    assert 'href="/compare/old/new/"' in page
    assert 'class="timeline"' in page


# -- Query counts ---------------------------------------------------------------------------


def build_plan_set(version_count, provisions_each, source_count):
    """Versions of one plan with everything the pages show: threads, themes, positions,
    citations, claims and removals, so that every prefetch is exercised."""
    theme = make_theme("military")
    party = make_party("Negotiator")
    sources = [make_source() for _ in range(source_count)]
    threads = [make_thread() for _ in range(provisions_each)]
    for thread in threads:
        thread.themes.set([theme])
    versions = []
    for v in range(version_count):
        version = make_version(based_on=versions[-1] if versions else None)
        version.citations.create(source=sources[v % source_count])
        for n, thread in enumerate(threads):
            provision = make_provision(
                version,
                threads=[thread],
                themes=[theme],
                sources=sources[: 1 + n % source_count],
                text=f"The ceiling is {600 + v * (n % 3)},000 personnel for subject {n}.",
            )
            provision.positions.create(party=party, position="Agrees.")
        removal = Removal.objects.create(version=version, thread=make_thread(), note="Gone.")
        removal.citations.create(source=sources[0])
        claim = Claim.objects.create(source=sources[0], claim="Says so.", accuracy="consistent")
        claim.provisions.set(version.provisions.all()[:3])
        claim.removals.add(removal)
        versions.append(version)
    return versions, threads[0], sources[0]


def page_urls(versions, thread, source):
    first, second = versions[0], versions[1]
    synoptic = synoptic_url(*versions)
    return {
        "home": "/",
        "version": first.get_absolute_url(),
        "compare": f"/compare/{first.slug}/{second.slug}/",
        "compare-csv": f"/compare/{first.slug}/{second.slug}/?format=csv",
        "synoptic": synoptic,
        "synoptic-csv": synoptic + "&format=csv",
        "api-compare": f"/api/compare/{first.slug}/{second.slug}/",
        "api-synoptic": synoptic.replace("/", "/api/", 1),
        "thread": thread.get_absolute_url(),
        "theme": "/themes/military/",
        "sources": "/sources/",
        "source": source.get_absolute_url(),
    }


def query_counts(count_queries, urls):
    return {name: count_queries(url) for name, url in urls.items()}


def test_every_reading_page_takes_the_same_number_of_queries_for_10x60_as_for_3x3(count_queries):
    small = query_counts(count_queries, page_urls(*build_plan_set(3, 3, 2)))
    PlanVersion.objects.all().delete()

    large = query_counts(count_queries, page_urls(*build_plan_set(10, 60, 8)))

    assert large == small


# -- Markup in the data never runs ------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"


class LiveMarkup(HTMLParser):
    """Finds markup that would run: inline scripts, images, event handlers, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("inline <script>")
        if tag == "img":
            self.found.append("<img>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name} attribute on <{tag}>")
            if name in ("href", "src") and "javascript:" in (value or "").replace(" ", "").lower():
                self.found.append(f"javascript: {name} on <{tag}>")


def write_plans(folder):
    (folder / "plans").mkdir()
    (folder / "sources.yaml").write_text(
        textwrap.dedent("""\
        - id: src
          title: A source
          publisher: Publisher
          author: null
          url: https://example.org/a
          published: '2025-11-20'
          kind: report
          language: en
          note: null
        """),
        encoding="utf-8",
    )
    (folder / "threads.yaml").write_text(
        "- {slug: danger, title: Danger, themes: [military], description: Markup.}\n",
        encoding="utf-8",
    )
    for day, slug, based_on, extra in (
        (1, "a", "null", ""),
        (2, "b", "a", " Changed."),
        (3, "c", "b", " Changed again."),
    ):
        dropped = f"  dropped:\n  - thread: danger\n    note: {PAYLOAD!r}\n" if slug == "c" else ""
        provisions = (
            ""
            if slug == "c"
            else f"""\
        provisions:
        - number: '1'
          threads: [danger]
          themes: [military]
          text: {(PAYLOAD + extra)!r}
          rendering_notes: {PAYLOAD!r}
          citations:
          - source: src
            note: {PAYLOAD!r}
        """
        )
        (folder / "plans" / f"{slug}.yaml").write_text(
            textwrap.dedent(f"""\
            version:
              slug: {slug}
              title: Plan {slug}
              short_name: Plan {slug}
              drafted_by: [Someone]
              published: '2025-11-0{day}'
              stage: proposal
              based_on: {based_on}
              text_basis: paraphrase
              summary: {PAYLOAD!r}
              notes: {PAYLOAD!r}
            """)
            + dropped
            + ("provisions: []\n" if slug == "c" else textwrap.dedent(provisions)),
            encoding="utf-8",
        )


def test_markup_in_imported_text_is_never_live_on_any_page(client, tmp_path):
    write_plans(tmp_path)
    call_command("import_plans", str(tmp_path), stdout=io.StringIO())
    assert PAYLOAD in PlanVersion.objects.get(slug="a").provisions.get().text

    urls = [
        "/",
        "/versions/a/",
        "/versions/b/",
        "/versions/c/",
        "/compare/a/b/",
        "/compare/b/a/",
        "/compare/b/c/",
        "/compare/?v=a&v=b&v=c",
        "/threads/danger/",
        "/themes/military/",
        "/sources/",
        "/sources/src/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        checker = LiveMarkup()
        checker.feed(response.content.decode())
        assert checker.found == [], url
    assert "<script>alert(1)</script>" in client.get("/compare/a/b/?format=csv").content.decode()
