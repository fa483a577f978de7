"""An editor puts a newly leaked draft online in the browser: paste, preview, confirm."""

import importlib
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from provisions.models import PlanVersion, Source
from tests.accounts import PASSWORD, make_editor

initial_themes = importlib.import_module("provisions.migrations.0002_initial_themes")
editors_group = importlib.import_module("provisions.migrations.0003_editors_group")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results" / "screenshots"

# Six points written as edits of US-28 points 1, 5, 6, 9, 11 and 19 (fixtures/plans/us-28.yaml),
# with the subject each one continues.
DRAFT = """Framework for ending the war (test draft)

1. Ukraine's standing as a sovereign state is to be confirmed by every signatory.
2. Ukraine is to be given solid and legally binding security guarantees.
3. The Armed Forces of Ukraine are to be held to a ceiling of 800,000 personnel
   in peacetime.
4. European fighter aircraft are to be stationed in Poland and in the Baltic states.
5. Ukraine qualifies for EU membership and is to enjoy privileged access to European
   markets.
6. The Zaporizhzhia nuclear power plant is to be restarted under IAEA supervision, and
   its output shared equally between Russia and Ukraine.
"""
EXPECTED_THREADS = {
    "1": ["sovereignty"],
    "2": ["security-guarantees"],
    "3": ["armed-forces-cap"],
    "4": ["fighter-jets-poland"],
    "5": ["eu-membership"],
    "6": ["zaporizhzhia-npp"],
}


@pytest.fixture
def live_data(live_server):
    """The shipped data set. A live-server test's flush also empties what data migrations
    made (the themes, the Editors group), so they are made again first; serialized_rollback
    cannot restore them under Playwright (see tests/test_e2e_reading.py)."""
    initial_themes.create_themes(apps, schema_editor=None)
    editors_group.create_editors_group(apps, SimpleNamespace(connection=connection))
    call_command("import_plans", "fixtures/", stdout=io.StringIO())
    return live_server


@pytest.fixture
def editor_page(live_data, page):
    """The browser signed in as an editor, on the list of versions."""
    make_editor("ed")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_data.url}/admin/login/?next=/admin/provisions/planversion/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("text=Select plan version to change")
    return page


def fill_in(page, values):
    """Fill in step 1: a select gets the option given, any other field the text."""
    for name, value in values.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def pick_thread(page, row, title):
    """Pick a thread in a point's search box: open it, type, choose the result."""
    row.locator(".draft-thread .select2-selection").click()
    page.locator(".select2-search__field").fill(title.split()[0])
    page.locator(".select2-results__option", has_text=title).click()


def shoot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"editors-{name}.png", full_page=full_page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_editor_adds_a_draft_from_text_linked_to_the_us_28_threads(live_data, editor_page):
    live_server, page = live_data, editor_page
    shoot(page, "1-changelist")

    page.click("text=Add a draft from text")
    page.locator("#id_short_name").press_sequentially("Test framework")
    assert page.input_value("#id_slug") == "test-framework"  # filled in from the short name
    page.select_option("#id_drafted_by_from", label="United States")
    page.click("#id_drafted_by_add")
    fill_in(
        page,
        {
            "title": "A framework for ending the war (test draft)",
            "new_parties": "Test drafting group",
            "published": "2025-12-05",
            "stage": "proposal",
            "text_basis": "paraphrase",
            "summary": "A test draft written as edits of six US-28 points.",
            "based_on": "us-28",
            "source_url": "https://news.example.org/test-framework",
            "source_title": "The test framework, in full",
            "source_publisher": "The Daily Example",
            "source_kind": "full-text",
            "text": DRAFT,
        },
    )
    shoot(page, "2-text")

    page.click("input[name=_preview]")
    page.wait_for_selector("text=Check the alignment")
    rows = page.locator("table.draft-alignment tbody tr[id^=point-]")
    assert rows.count() == 6
    suggested = [rows.nth(i).locator("select[name$=-choice]").input_value() for i in range(6)]
    assert suggested == ["base:1", "base:5", "base:6", "base:9", "base:11", "base:19"]
    assert page.locator("table.draft-alignment del", has_text="600,000").count() == 1
    assert page.locator("table.draft-alignment ins", has_text="800,000").count() == 1
    shoot(page, "3-preview")

    # Unlinked by hand, base point 19 is offered as removed once the list is updated.
    assert page.locator("#removed-19").count() == 0
    expect(page.locator(".draft-dropped-stale")).to_be_hidden()
    rows.nth(5).locator("select[name$=-choice]").select_option("none")
    expect(page.locator(".draft-dropped-stale")).to_be_visible()  # the list may be out of date
    page.click("input[name=_refresh]")
    expect(page.locator("#removed-19.draft-removal-new")).to_contain_text("left behind")
    assert page.url.endswith("#draft-dropped")  # the list is in view, not the top of the page
    shoot(page, "3-preview-updated", full_page=False)
    rows.nth(5).locator("select[name$=-choice]").select_option("base:19")
    page.click("input[name=_refresh]")
    expect(page.locator("#removed-19")).to_have_count(0)

    # Joining base point 19's thread continues it too; then another thread, picked in the
    # search box alone (the choice stays "an existing thread"), may leave it behind.
    rows.nth(5).locator("select[name$=-choice]").select_option("thread")
    pick_thread(page, rows.nth(5), "Zaporizhzhia nuclear power plant")
    page.click("input[name=_refresh]")
    expect(page.locator("#removed-19")).to_have_count(0)
    expect(page.locator(".draft-dropped-stale")).to_be_hidden()
    pick_thread(page, rows.nth(5), "Confirmation of Ukraine's sovereignty")
    expect(page.locator(".draft-dropped-stale")).to_be_visible()
    shoot(page, "3-preview-thread-changed", full_page=False)
    pick_thread(page, rows.nth(5), "Zaporizhzhia nuclear power plant")

    page.click("input[name=_confirm]")
    page.wait_for_selector("ul.messagelist li.success")
    assert "Added Test framework with 6 provisions" in page.inner_text("ul.messagelist")
    shoot(page, "4-saved", full_page=False)  # the version's page is long: its top will do

    version = PlanVersion.objects.get(slug="test-framework")
    assert version.based_on.slug == "us-28"
    assert sorted(p.name for p in version.drafted_by.all()) == [
        "Test drafting group",
        "United States",
    ]
    threads = {p.number: [t.slug for t in p.threads.all()] for p in version.provisions.in_order()}
    assert threads == EXPECTED_THREADS

    compare = "/compare/us-28/test-framework/"
    try:
        resolve(compare)
    except Resolver404:
        return  # the comparison page is not built yet
    response = page.goto(live_server.url + compare)
    assert response.status == 200
    shoot(page, "5-compare")


# Ten points written as edits of the US package of December 2025 (its points are
# unnumbered: "#1" to "#12"); "#4" (the Russia-NATO dialogue) and "#10" (no change of
# borders by force) are not continued.
PACKAGE_DRAFT = """Revised package (test draft)

1. The package consists of four texts: a 20-point agreement between Ukraine, Russia, the US
and Europe; a three-point framework of security assurances for Ukraine; four US commitments
concerning NATO; and a separate agreement between the US and Russia.
2. Ukraine would not have to write non-accession to NATO into its constitution, and takes on
no obligation to abandon its NATO aspiration.
3. In a separate document the US states that NATO will not enlarge further and will not
invite Ukraine.
4. The US undertakes to oppose any stationing of NATO troops on Ukrainian territory.
5. Ukraine may keep armed forces of 850,000 in peacetime.
6. Ukraine is offered US security guarantees modelled on NATO's Article 5 mutual-defence
clause, for fifteen years, set out in a three-point framework of security assurances.
7. Ukraine would join the European Union by 2028, subject to the merit-based accession process.
8. Russian control of Crimea and of Luhansk and Donetsk regions would be confirmed de facto,
with any change of their status possible only by diplomacy; the part of Donetsk region still
held by Ukraine would become a demilitarised buffer zone.
9. The Zaporizhzhia nuclear plant would be restarted under the management of a US operator,
with half of its electricity going to Ukraine.
10. Elections are to be held in Ukraine within 100 days of the signature.
"""
SOURCE_URL = "https://news.example.org/2025/12/revised-package-text"
REMOVED = {
    "#4": ("russia-nato-dialogue", "The revised package leaves out the Russia-NATO dialogue."),
    "#10": ("no-change-by-force", "No undertaking against changing borders by force remains."),
}


def options_cut_short(page):
    """The chosen options of the "continues" selects whose text is wider than the select."""
    return page.evaluate(
        """() => [...document.querySelectorAll("select[name$='-choice']")].flatMap((select) => {
            const context = document.createElement("canvas").getContext("2d");
            context.font = getComputedStyle(select).font;
            const text = select.options[select.selectedIndex].text;
            const width = context.measureText(text).width + 24;  // and the arrow
            return width <= select.clientWidth ? [] : [[text, width, select.clientWidth]];
        })"""
    )


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_draft_dropping_two_points_and_citing_a_new_source_is_saved_in_one_confirm(
    live_data, editor_page
):
    live_server, page = live_data, editor_page
    page.click("text=Add a draft from text")
    page.locator("#id_short_name").press_sequentially("Revised package")
    assert page.input_value("#id_slug") == "revised-package"
    fill_in(
        page,
        {
            "title": "The revised package (test draft)",
            "new_parties": "United States",
            "published": "2025-12-20",
            "stage": "negotiated-draft",
            "text_basis": "paraphrase",
            "summary": "A test draft revising the December package.",
            "based_on": "us-package-dec-2025",
            "source_url": SOURCE_URL,
            "source_title": "The revised package, point by point",
            "source_publisher": "The Example Courier",
            "source_published": "2025-12-20",
            "source_kind": "full-text",
            "text": PACKAGE_DRAFT,
        },
    )
    page.click("input[name=_preview]")
    page.wait_for_selector("text=Check the alignment")

    assert page.locator("tr.draft-point").count() == 10
    removals = page.locator("fieldset.draft-removal")
    assert [removals.nth(i).get_attribute("id") for i in range(2)] == [
        "removed-position-4",
        "removed-position-10",
    ]
    assert removals.locator(".draft-removal-note").first.is_hidden()  # until "removed" is chosen
    for key, (_slug, note) in REMOVED.items():
        fieldset = page.locator(f"#removed-position-{key[1:]}")
        fieldset.locator("input[value=removed]").check()
        fieldset.locator("textarea").fill(note)
    shoot(page, "preview-1366")
    wide = (options_cut_short(page), fits_the_width(page))
    page.set_viewport_size({"width": 390, "height": 844})
    shoot(page, "preview-390")
    page.locator("#point-8").scroll_into_view_if_needed()
    shoot(page, "preview-390-point", full_page=False)
    page.locator("#removed-position-4").scroll_into_view_if_needed()
    shoot(page, "preview-390-removals", full_page=False)
    assert wide == ([], True)
    assert (options_cut_short(page), fits_the_width(page)) == ([], True)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.click("input[name=_confirm]")  # the one confirm
    page.wait_for_selector("ul.messagelist li.success")

    version = PlanVersion.objects.get(slug="revised-package")
    source = Source.objects.get(url=SOURCE_URL)
    assert sorted((r.thread.slug, r.note) for r in version.removals.all()) == sorted(
        REMOVED.values()
    )
    assert list(version.citations.values_list("source", flat=True)) == [source.pk]
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    version_sources = page.locator("details.version-sources")
    version_sources.locator("summary").click()
    expect(version_sources.locator(f'a.citation[href="{SOURCE_URL}"]')).to_have_text(source.title)

    response = page.goto(f"{live_server.url}/compare/us-package-dec-2025/revised-package/")
    assert response.status == 200
    for slug, note in REMOVED.values():
        cell = page.locator(f'[id="t-{slug}"] td').nth(1)  # the revised package's side
        expect(cell.locator(".mark-removed")).to_contain_text("Removed")
        expect(cell.locator(".removal-note")).to_have_text(note)
        expect_cited(cell, source)
    rows = {p.threads.first().slug for p in version.provisions.prefetch_related("threads")}
    assert len(rows) >= 8
    for slug in rows:
        expect_cited(page.locator(f'[id="t-{slug}"] td').nth(1), source)
    shoot(page, "compare-revised-package")


def expect_cited(cell, source):
    """The cell's folded sources, unfolded, show the source's link and title."""
    cell.locator("details.cell-sources > summary").click()
    expect(cell.locator(f'a.citation[href="{source.url}"]')).to_have_text(source.title)


# Three points of US-28 (1, 5 and 25): a complete text that leaves 25 points behind.
SHORT_DRAFT = """1. Ukraine's standing as a sovereign state is to be confirmed by all.
2. Ukraine is to be given solid and binding security guarantees.
3. Elections are to take place in Ukraine in 120 days.
"""


def preview_short_draft(page):
    page.click("text=Add a draft from text")
    fill_in(
        page,
        {
            "slug": "short-framework",  # first: the short name would fill it in too
            "short_name": "Short framework",
            "title": "A short framework (test draft)",
            "new_parties": "Test drafting group",
            "published": "2025-12-05",
            "stage": "proposal",
            "text_basis": "paraphrase",
            "completeness": "full",
            "summary": "Three points of US-28.",
            "based_on": "us-28",
            "source_url": "https://news.example.org/short-framework",
            "source_title": "The short framework",
            "source_publisher": "The Daily Example",
            "source_kind": "full-text",
            "text": SHORT_DRAFT,
        },
    )
    page.click("input[name=_preview]")
    page.wait_for_selector("tr.draft-point")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_long_list_of_points_not_continued_is_folded_and_set_at_once(live_data, editor_page):
    page = editor_page
    preview_short_draft(page)
    dropped = page.locator("#draft-dropped")
    expect(dropped.locator("h2")).to_have_text(
        "25 points of US 28-point plan this draft does not continue"
    )
    folded = dropped.locator("details.draft-dropped-folded")
    expect(folded).not_to_have_attribute("open", "")
    expect(dropped.locator("fieldset.draft-removal").first).to_be_hidden()
    shoot(page, "long-list-folded", full_page=False)
    url = page.url

    dropped.get_by_role("button", name="Record all as removed").click()  # set in the page

    expect(folded).to_have_attribute("open", "")
    expect(dropped.locator("input[value=removed]:checked")).to_have_count(25)
    expect(dropped.locator(".draft-removal-note:visible")).to_have_count(25)
    assert page.url == url  # nothing was sent
    dropped.locator("#removed-2 textarea").fill("The pact of non-aggression is left out.")
    shoot(page, "long-list-all-removed")
    dropped.get_by_role("button", name="Leave all unrecorded").click()
    expect(dropped.locator("input[value=unrecorded]:checked")).to_have_count(25)
    expect(dropped.locator(".draft-removal-note:visible")).to_have_count(0)
    dropped.locator("#removed-2 input[value=removed]").check()

    page.click("input[name=_confirm]")
    page.wait_for_selector("ul.messagelist li.success")
    version = PlanVersion.objects.get(slug="short-framework")
    assert [(r.thread.slug, r.note) for r in version.removals.all()] == [
        ("non-aggression-pact", "The pact of non-aggression is left out.")
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_buttons_for_all_points_work_without_javascript(live_data, browser):
    make_editor("ed")
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_data.url}/admin/login/?next=/admin/provisions/planversion/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    preview_short_draft(page)
    before = PlanVersion.objects.count()

    page.get_by_role("button", name="Record all as removed").click()  # sent to the server

    page.wait_for_url("**#draft-dropped")
    expect(page.locator("details.draft-dropped-folded")).to_have_attribute("open", "")
    expect(page.locator(".draft-removal input[value=removed]:checked")).to_have_count(25)
    assert PlanVersion.objects.count() == before
    shoot(page, "long-list-without-javascript", full_page=False)
    context.close()
