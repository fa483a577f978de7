"""The analysts' pages on the shipped data: every cell names its base and none is "rewritten"
against a reported summary, the overview and its SVG, honest absence, filters that say what they
do, the indexes, the API index and the error pages."""

import csv
import io
import re
from xml.etree import ElementTree

import pytest
from django.http import QueryDict
from django.test import RequestFactory
from django.views.defaults import server_error

from provisions import loading
from provisions.engines import baselines
from provisions.models import PlanVersion, Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_data")]

NINE = [
    "us-28",
    "e3-counterproposal",
    "geneva-19",
    "us-russia-27",
    "us-package-dec-2025",
    "peace-framework-20",
    "paris-declaration-2026",
    "prosperity-plan-2026",
    "us-security-guarantee-2026",
]
NINE_URL = "/compare/?" + "&".join(f"v={slug}" for slug in NINE)
NATO = "/compare/us-28/e3-counterproposal/?theme=nato&changed=1"


def nine(query=""):
    return loading.synoptic_comparison(NINE, QueryDict(query))


def row(comparison, slug):
    return next(row for row in comparison.rows if row.anchor == f"t-{slug}")


def test_no_cell_of_the_nine_version_table_is_rewritten_against_a_reported_summary():
    cells = [cell for row in nine().rows for cell in row.cells]
    rewritten = [cell for cell in cells if cell.status == baselines.REWRITTEN]
    assert rewritten
    for cell in rewritten:
        assert "reported" not in (cell.version.text_basis, cell.base.version.text_basis)
    reported = [cell for cell in cells if cell.status == baselines.REPORTED_DIFFERENTLY]
    assert reported
    assert all("reported" in (c.version.text_basis, c.base.version.text_basis) for c in reported)


def test_every_cell_of_the_nine_version_table_names_its_base(client):
    compared = [
        cell
        for row in nine().rows
        for cell in row.cells
        if cell.present and cell.status != baselines.FIRST and cell.status != baselines.ADDED
    ]
    assert compared and all(cell.base and cell.base_note for cell in compared)
    page = client.get(NINE_URL).content.decode()
    table = page[page.index('id="full-table"') :]
    assert table.count("data-base=") >= len(compared)
    assert table.count('<span class="base-note">Compared with ') >= len(compared)


def test_close_paraphrases_two_versions_apart_get_a_word_diff():
    sovereignty = row(nine(), "sovereignty")
    framework = sovereignty.cells[NINE.index("peace-framework-20")]
    assert framework.base.version.slug == "us-28"  # past the reported Geneva summary
    assert framework.status == baselines.AMENDED and framework.pieces
    assert "Geneva 19-point framework only reports it" in framework.base_note


def test_geneva_is_compared_with_the_version_it_revises_not_with_the_e3_text():
    geneva = row(nine(), "armed-forces-cap").cells[NINE.index("geneva-19")]
    assert geneva.base.version.slug == "us-28"
    assert geneva.status == baselines.REPORTED_DIFFERENTLY


def test_a_fixed_base_compares_every_column_with_it(client):
    comparison = nine("base=e3-counterproposal")
    cap = row(comparison, "armed-forces-cap")
    assert cap.cells[1].status == baselines.BASE
    assert {cell.base.version.slug for cell in cap.cells if cell.base} == {"e3-counterproposal"}
    response = client.get(NINE_URL + "&base=e3-counterproposal")
    assert 'aria-current="true">E3 counter-proposal</a>' in response.content.decode()
    assert client.get(NINE_URL + "&base=nope").status_code == 400


def test_absence_from_a_partial_text_is_not_reported_everywhere(client):
    cap = row(nine(), "armed-forces-cap")
    prosperity = cap.cells[NINE.index("prosperity-plan-2026")]
    assert prosperity.status == baselines.NOT_REPORTED
    page = client.get(NINE_URL).content.decode()
    assert "Not in this version" not in page
    assert "(reported summary, partial text)" in page
    header, *lines = csv_lines(client.get(NINE_URL + "&format=csv"))
    cap_line = next(line for line in lines if line[1] == "armed-forces-cap")
    assert cap_line[header.index("Prosperity plan: change")] == "Not reported"
    thread = client.get("/api/threads/armed-forces-cap/").json()
    statuses = {v["version"]: v["status"] for v in thread["versions"]}
    assert statuses["prosperity-plan-2026"] == "not-reported"
    assert statuses["paris-declaration-2026"] != "not-reported"


def csv_lines(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def test_the_csv_names_each_cells_base_and_keeps_number_columns_to_numbers(client):
    header, *lines = csv_lines(client.get(NINE_URL + "&format=csv"))
    compared_with = header.index("20-point framework: compared with")
    cap = next(line for line in lines if line[1] == "armed-forces-cap")
    assert cap[compared_with] == "US 28-point plan"
    for column, name in enumerate(header):
        if name.endswith(": number"):
            assert all(re.fullmatch(r"(\w+(; \w+)*)?", line[column]) for line in lines), name


def test_the_overview_comes_first_with_a_symbol_and_a_word_per_cell_linking_to_it(client):
    page = client.get(NINE_URL).content.decode()
    overview = page[page.index('class="overview"') : page.index('id="full-table"')]
    assert page.index('class="overview"') < page.index("compare-summary")
    cells = re.findall(r'<td class="ov ov-([\w-]+)"><a href="#(c-[\w-]+)"', overview)
    assert len(cells) == 34 * 9
    for status, target in cells:
        assert f'id="{target}"' in page
        assert baselines.SYMBOLS[status] in overview
    assert "Reported differently" in overview


def test_the_overview_is_an_svg_image_too(client):
    response = client.get(NINE_URL + "&format=svg")
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = ElementTree.fromstring(response.content)
    links = svg.findall("{http://www.w3.org/2000/svg}a")
    assert len(links) == 34 + 34 * 9
    assert all(link.get("href").startswith("http://testserver/compare/?v=") for link in links)
    assert client.get("/compare/us-28/e3-counterproposal/?format=svg").status_code == 400


def test_the_nato_filter_shows_the_e3_changes_that_bring_nato_in_with_counts_of_those_rows(
    client,
):
    comparison = loading.pair_comparison(
        "us-28", "e3-counterproposal", QueryDict("theme=nato&changed=1")
    )
    shown = {row.cells[0].numbers[0]: row.kind for row in comparison.visible_rows}
    assert shown == {
        "2": "amended",
        "3": "removed",
        "4": "amended",
        "7": "amended",
        "8": "amended",
        "9": "amended",
        "10": "amended",
    }
    counts = {kind: n for kind, _label, n in comparison.counts if n}
    assert counts == {"amended": 6, "removed": 1}
    assert comparison.rewritten_count == 1

    page = client.get(NATO).content.decode()
    assert "Showing 7 of " in page and "subjects coded NATO, unchanged ones hidden." in page
    assert "rewritten (shown side by side, without a word-level diff): " in page
    assert "<span data-rewritten-count>1</span> of <span data-amended-count>6</span>" in page
    assert "<del>Europe</del> → <ins>NATO</ins>" in page


def test_an_empty_what_changed_section_is_hidden(client):
    query = QueryDict("theme=nuclear")
    comparison = loading.pair_comparison("us-28", "e3-counterproposal", query)
    assert comparison.change_rows and not comparison.has_visible_changes
    page = client.get("/compare/us-28/e3-counterproposal/?theme=nuclear").content.decode()
    assert "data-what-changed hidden>" in page


def test_the_indexes_list_every_subject_theme_and_version(client):
    threads = client.get("/threads/").content.decode()
    for thread in Thread.objects.all():
        assert thread.get_absolute_url() in threads
    assert "Removed in" in threads and 'class="theme"' in threads
    themes = client.get("/themes/").content.decode()
    assert 'href="/themes/nato/"' in themes
    versions = client.get("/versions/").content.decode()
    for version in PlanVersion.objects.all():
        assert version.get_absolute_url() in versions


def test_the_theme_page_opens_with_the_overview_of_its_subjects(client):
    page = client.get("/themes/nato/").content.decode()
    assert page.index('class="overview"') < page.index('id="subjects"')
    assert "format=svg" in page


def test_the_api_index_lists_every_endpoint(client):
    data = client.get("/api/").json()
    urls = [endpoint["url"] for endpoint in data["endpoints"]]
    assert "http://testserver/api/versions/" in urls
    assert "http://testserver/api/compare/{a}/{b}/" in urls
    for url in urls:
        if "{" not in url and not url.endswith("/api/compare/"):  # that one needs v=
            assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_the_404_page_has_the_site_header_search_and_a_way_back(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="site-header"' in page and 'name="q"' in page
    assert 'href="/threads/"' in page


def test_the_500_page_has_the_site_header_and_a_way_back():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert 'class="site-header"' in page and 'href="/versions/"' in page


def test_the_pair_page_links_its_neighbours_in_the_chain(client):
    page = client.get("/compare/us-28/geneva-19/").content.decode()
    assert 'rel="prev" href="/compare/us-28/e3-counterproposal/"' in page
    assert 'rel="next" href="/compare/geneva-19/' in page
