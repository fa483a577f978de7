"""The analysts' pages in a real browser: the overview fits a laptop screen and an A4 landscape
page, the nine-version table reads on a laptop and a phone, the pair page jumps from change to
change, and axe-core finds no violation on any page type. Screenshots land in
test-results/screenshots/ (git-ignored)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.test_e2e_reading import SCREENSHOTS, shoot, site  # noqa: F401 (site: a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NINE = (
    "/compare/?v=us-28&v=e3-counterproposal&v=geneva-19&v=us-russia-27&v=us-package-dec-2025"
    "&v=peace-framework-20&v=paris-declaration-2026&v=prosperity-plan-2026"
    "&v=us-security-guarantee-2026"
)
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# A4 landscape at 96 px per inch, less the 10 mm page margins of the print stylesheet.
A4_LANDSCAPE = {"width": 1047, "height": 718}


def test_the_overview_of_nine_versions_fits_a_laptop_screen_without_scrolling(site, page):  # noqa: F811
    page.set_viewport_size(LAPTOP)
    page.goto(site + NINE)
    overview = page.locator(".overview-table")
    box = overview.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= LAPTOP["height"], box
    assert box["x"] + box["width"] <= LAPTOP["width"], box
    assert overview.locator("tbody tr").count() == 34
    assert overview.locator("td.ov").count() == 34 * 9
    page.screenshot(path=SCREENSHOTS / "overview-1366x768.png")

    # Each overview cell leads to its cell of the full table.
    cell = overview.locator("td.ov-amended a").first
    target = cell.get_attribute("href")
    cell.click()
    expect(page.locator(target)).to_be_in_viewport()


def test_the_overview_prints_on_one_a4_landscape_page(site, page):  # noqa: F811
    page.set_viewport_size(A4_LANDSCAPE)
    page.goto(site + NINE)
    page.emulate_media(media="print")
    box = page.locator(".overview").bounding_box()
    assert box["width"] <= A4_LANDSCAPE["width"], box
    assert box["height"] <= A4_LANDSCAPE["height"], box


def test_the_nine_version_table_scrolls_with_the_page_on_a_laptop_and_stacks_on_a_phone(
    site,  # noqa: F811
    page,
):
    page.set_viewport_size(LAPTOP)
    page.goto(site + NINE + "#t-armed-forces-cap")
    row = page.locator("#t-armed-forces-cap")
    expect(row).to_be_in_viewport()
    # The row lands below the sticky header row, not under it.
    header = page.locator("table.synoptic thead").bounding_box()
    assert row.bounding_box()["y"] >= header["y"] + header["height"] - 1
    page.screenshot(path=SCREENSHOTS / "synoptic-9-1366x768.png")

    page.set_viewport_size(PHONE)
    page.goto(site + NINE + "#t-armed-forces-cap")
    first, second = (
        page.locator("#t-armed-forces-cap td").nth(0),
        page.locator("#t-armed-forces-cap td").nth(1),
    )
    # Versions stack: the second cell starts below the first, full width.
    assert second.bounding_box()["y"] > first.bounding_box()["y"]
    assert first.bounding_box()["width"] > PHONE["width"] * 0.8
    page.screenshot(path=SCREENSHOTS / "synoptic-9-390x844.png")


def test_the_pair_page_jumps_from_change_to_change(site, page):  # noqa: F811
    page.set_viewport_size(LAPTOP)
    page.goto(site + "/compare/us-28/e3-counterproposal/")
    shoot(page, "pair-us-28-e3-counterproposal")
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.id")
    assert focused.startswith("t-")
    assert page.evaluate("document.activeElement.dataset.kind") != "unchanged"
    page.get_by_role("button", name="Next change").click()
    assert page.evaluate("document.activeElement.id") != focused
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == focused
    expect(page.locator("a[rel=next]")).to_be_visible()


PAGES = [
    "/",
    "/versions/",
    "/versions/us-28/",
    "/threads/",
    "/threads/armed-forces-cap/",
    "/themes/",
    "/themes/nato/",
    "/sources/",
    "/provisions/?q=army",
    "/compare/us-28/e3-counterproposal/?theme=nato&changed=1",
    NINE,
    "/no-such-page/",
]


def test_axe_finds_no_violation_on_any_page_type(site, page):  # noqa: F811
    page.set_viewport_size(LAPTOP)
    axe = Axe()
    reports = {}
    for path in PAGES:
        page.goto(site + path)
        results = axe.run(page)
        if results.violations_count:
            reports[path] = results.generate_report()
    assert not reports, "\n\n".join(f"{path}\n{report}" for path, report in reports.items())
