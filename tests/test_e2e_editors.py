"""An editor puts a newly leaked draft online in the browser: paste, preview, confirm."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from provisions.models import PlanVersion
from tests.accounts import PASSWORD, make_editor

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


def shoot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"editors-{name}.png", full_page=full_page)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_editor_adds_a_draft_from_text_linked_to_the_us_28_threads(live_server, page):
    call_command("import_plans", "fixtures/", stdout=io.StringIO())
    make_editor("ed")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/provisions/planversion/")
    page.fill("#id_username", "ed")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("text=Select plan version to change")
    shoot(page, "1-changelist")

    page.click("text=Add a draft from text")
    page.locator("#id_short_name").press_sequentially("Test framework")
    assert page.input_value("#id_slug") == "test-framework"  # filled in from the short name
    page.fill("#id_title", "A framework for ending the war (test draft)")
    page.select_option("#id_drafted_by_from", label="United States")
    page.click("#id_drafted_by_add")
    page.fill("#id_new_parties", "Test drafting group")
    page.fill("#id_published", "2025-12-05")
    page.select_option("#id_stage", "proposal")
    page.select_option("#id_text_basis", "paraphrase")
    page.fill("#id_summary", "A test draft written as edits of six US-28 points.")
    page.select_option("#id_based_on", "us-28")
    page.fill("#id_source_url", "https://news.example.org/test-framework")
    page.fill("#id_source_title", "The test framework, in full")
    page.fill("#id_source_publisher", "The Daily Example")
    page.select_option("#id_source_kind", "full-text")
    page.fill("#id_text", DRAFT)
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
