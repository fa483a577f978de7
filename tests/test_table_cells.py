"""The comparison tables' cells, written in Python (provisions.table_cells): every text they
show is escaped, wherever it comes from."""

import pytest

from provisions.models import PlanVersion, Removal
from tests.factories import make_party, make_provision, make_source, make_thread, make_version
from tests.test_reading_views import LiveMarkup

pytestmark = pytest.mark.django_db

MARKUP = '"><img src=x onerror=alert(1)><script>alert(1)</script>'


def test_every_text_a_cell_shows_is_escaped(client):
    party = make_party(name=f"Party {MARKUP}")
    source = make_source(title=f"Title {MARKUP}", publisher=f"Publisher {MARKUP}")
    kept, dropped = make_thread(title=f"Kept {MARKUP}"), make_thread()
    first = make_version(short_name=f"First {MARKUP}", drafted_by=[party])
    second = make_version(
        short_name=f"Second {MARKUP}",
        based_on=first,
        completeness=PlanVersion.Completeness.PARTIAL,
    )
    third = make_version(short_name=f"Third {MARKUP}", based_on=second)
    for version, text in ((first, "Old words."), (second, "New words."), (third, "New words.")):
        provision = make_provision(
            version, number="1", threads=[kept], sources=[source], text=f"{text} {MARKUP}"
        )
        provision.positions.create(party=party, position=f"Against {MARKUP}")
        provision.citations.update(note=f"Note {MARKUP}")
    make_provision(first, number="2", threads=[dropped], text="Dropped later.")
    Removal.objects.create(version=third, thread=dropped, note=f"Gone {MARKUP}")

    for url in (
        f"/compare/{first.slug}/{second.slug}/",
        f"/compare/{second.slug}/{third.slug}/",
        f"/compare/?v={first.slug}&v={second.slug}&v={third.slug}",
        f"/compare/?v={first.slug}&v={second.slug}&v={third.slug}&base={first.slug}",
    ):
        page = client.get(url).content.decode()
        checker = LiveMarkup()
        checker.feed(page)
        assert checker.found == [], url
        assert "Publisher &quot;&gt;&lt;img" in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
