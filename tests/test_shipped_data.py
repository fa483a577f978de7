"""The reading pages on the data set shipped in fixtures/ (loaded once for the whole class)."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape

from provisions.models import PlanVersion, Provision, Removal, Source, Theme, Thread
from tests.test_reading_views import parse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+")


class ShippedDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_plans", str(FIXTURES), stdout=StringIO())
        cls.versions = list(PlanVersion.objects.in_date_order())

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def test_every_reading_page_returns_200(self):
        all_nine = "/compare/?" + "&".join(f"v={v.slug}" for v in self.versions)
        urls = ["/", "/sources/", "/sources/?by=publisher", "/sources/?by=date", all_nine]
        urls += [all_nine + "&format=csv", all_nine.replace("/", "/api/", 1)]
        for version in self.versions:
            urls.append(version.get_absolute_url())
            if version.based_on:
                pair = f"/compare/{version.based_on.slug}/{version.slug}/"
                urls += [pair, pair + "?format=csv", "/api" + pair, pair + "?changed=1"]
        urls += [thread.get_absolute_url() for thread in Thread.objects.all()]
        urls += [theme.get_absolute_url() for theme in Theme.objects.all()]
        urls += [source.get_absolute_url() for source in Source.objects.all()]
        for url in urls:
            self.get(url)

    def test_us_28_against_e3_shows_the_changed_cap_and_wording_as_deletions_and_insertions(self):
        response = self.get("/compare/us-28/e3-counterproposal/")

        parsed = parse(response)
        self.assertIn("600,000", parsed.texts["del"])
        self.assertIn("800,000", parsed.texts["ins"])
        self.assertIn("confirmed", parsed.texts["del"])
        self.assertIn("reconfirmed", parsed.texts["ins"])
        self.assertContains(response, "Cap on Ukraine&#x27;s armed forces</a>:")
        self.assertContains(response, "Figure:</span> <del>600,000</del> → <ins>800,000</ins>")

    def test_us_28_against_e3_shows_points_3_and_26_as_removed_with_their_notes(self):
        response = self.get("/compare/us-28/e3-counterproposal/")

        rows = parse(response).rows
        page = response.content.decode()
        for slug, number in (("nato-enlargement", "3"), ("amnesty", "26")):
            self.assertEqual(rows[f"t-{slug}"]["kind"], "removed")
            row = page[page.index(f'id="t-{slug}"') :]
            row = row[: row.index("</tr>")]
            self.assertIn(f'href="/versions/us-28/#point-{number}"', row)
            note = Removal.objects.get(version__slug="e3-counterproposal", thread__slug=slug).note
            self.assertIn(escape(note), row)

    def test_the_synoptic_table_of_all_nine_versions_has_a_row_per_thread(self):
        response = self.get("/compare/?" + "&".join(f"v={v.slug}" for v in reversed(self.versions)))

        page = response.content.decode()
        headers = [page.index(f'<a href="{v.get_absolute_url()}">') for v in self.versions]
        self.assertEqual(headers, sorted(headers))
        used = Thread.objects.filter(provisions__isnull=False).distinct()
        self.assertEqual(len(parse(response).rows), used.count())

    def test_the_armed_forces_cap_thread_shows_every_versions_figures_in_date_order(self):
        page = self.get("/threads/armed-forces-cap/").content.decode()

        provisions = Provision.objects.filter(threads__slug="armed-forces-cap").select_related(
            "version"
        )
        holding = sorted({p.version for p in provisions}, key=lambda v: (v.published, v.pk))
        self.assertGreaterEqual(len(holding), 5)
        starts = [page.index(f'id="v-{version.slug}"') for version in holding]
        self.assertEqual(starts, sorted(starts))
        ends = [*starts[1:], len(page)]
        for version, start, end in zip(holding, starts, ends, strict=True):
            entry = page[start:end]
            for provision in provisions:
                if provision.version == version:
                    for figure in FIGURE.findall(provision.text):
                        self.assertIn(figure, entry, version.slug)
        us, e3 = page[starts[0] : starts[1]], page[starts[1] : starts[2]]
        self.assertIn("600,000", us)
        self.assertIn("<ins>", e3)
