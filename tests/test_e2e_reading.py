"""The reading path in a real browser: pick two versions, filter, follow a citation, open a
thread. Screenshots of every reading page land in test-results/screenshots/ (git-ignored),
at desktop width and at 390px (a phone)."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import expect

from provisions.models import PlanVersion, Provision

initial_themes = importlib.import_module("provisions.migrations.0002_initial_themes")

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-results" / "screenshots"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    # The flush after each live-server test also empties the themes a data migration
    # created. (serialized_rollback cannot restore them here: Playwright's sync API runs the
    # test in a greenlet, which sees another database connection object than the one
    # holding the serialized data.)
    initial_themes.create_themes(apps, schema_editor=None)
    call_command("import_plans", str(REPO / "fixtures"), verbosity=0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


def shoot(page, name):
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_an_analyst_picks_two_versions_filters_follows_a_citation_and_opens_a_thread(site, page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(site + "/")
    shoot(page, "home")

    page.locator("input[name=v][value=us-28]").check()
    page.locator("input[name=v][value=e3-counterproposal]").check()
    page.get_by_role("button", name="Compare selected").click()

    expect(page).to_have_url(site + "/compare/us-28/e3-counterproposal/")
    expect(page.locator("#t-armed-forces-cap del")).to_contain_text("600,000")
    shoot(page, "compare")

    # Hide unchanged rows: applied by compare.js, without loading a new page.
    unchanged = page.locator("tr[data-kind=unchanged]")
    expect(unchanged.first).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Hide unchanged rows").check()
    expect(unchanged.first).to_be_hidden()
    expect(page.locator("#t-armed-forces-cap")).to_be_visible()
    assert page.url.endswith("/compare/us-28/e3-counterproposal/?changed=1")
    assert page.evaluate("window.stillTheSamePage") is True
    csv_link = page.get_by_role("link", name="Download CSV")
    assert csv_link.get_attribute("href").endswith("?changed=1&format=csv")

    # The theme filter narrows the rows the same way.
    page.get_by_label("NATO").check()
    expect(page.locator("#t-armed-forces-cap")).to_be_hidden()
    expect(page.locator("#t-nato-membership")).to_be_visible()
    assert page.url.endswith("?theme=nato&changed=1")
    page.get_by_label("NATO").uncheck()

    # A citation goes to the source itself.
    point_6 = Provision.objects.get(version__slug="us-28", number="6")
    source_url = point_6.citations.select_related("source").first().source.url
    cell = page.locator("#t-armed-forces-cap td").first
    cell.locator("summary").click()  # sources are folded into "N sources"
    citation = cell.locator("a.citation").first
    assert citation.get_attribute("href") == source_url
    page.route(source_url, lambda route: route.fulfill(body="<h1>The source</h1>"))
    citation.click()
    expect(page).to_have_url(source_url)
    page.go_back()

    page.locator("#t-armed-forces-cap").get_by_role(
        "link", name="this subject through every version"
    ).click()
    expect(page).to_have_url(site + "/threads/armed-forces-cap/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cap on Ukraine's armed forces")
    shoot(page, "thread")


def reading_pages():
    versions = "&".join(f"v={v.slug}" for v in PlanVersion.objects.in_date_order())
    return {
        "home": "/",
        "version": "/versions/e3-counterproposal/",
        "compare": "/compare/us-28/e3-counterproposal/",
        "synoptic": "/compare/?" + versions,
        "thread": "/threads/armed-forces-cap/",
        "theme": "/themes/nato/",
        "sources": "/sources/",
        "source": "/sources/reuters-2025-11-23-e3-full-text/",
        "bad-request": "/compare/?v=us-28",
    }


@pytest.mark.parametrize(("width", "suffix"), [(1440, ""), (390, "-390")])
def test_every_reading_page_renders_without_horizontal_overflow(site, page, width, suffix):
    page.set_viewport_size({"width": width, "height": 900})
    for name, url in reading_pages().items():
        response = page.goto(site + url)
        assert response.status == (400 if name == "bad-request" else 200), url
        shoot(page, name + suffix)
        # Only the synoptic table's columns may take the page sideways (the page scrolls, not
        # a box inside it); on a phone its versions stack.
        if name == "synoptic" and width > 600:
            page_width = "document.querySelector('main').scrollWidth"
            table_width = "document.querySelector('#full-table').scrollWidth"
            assert page.evaluate(f"{page_width} - 48 <= {table_width}"), url
            continue
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than the window at {width}px"
