"""provisions.lean: a version's contents as plain objects, read as the models would be."""

import datetime

import pytest

from provisions import lean
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


def test_contents_hold_what_the_models_hold_in_the_models_order():
    version = make_version()
    old, new = datetime.date(2025, 1, 1), datetime.date(2025, 6, 1)
    sources = [make_source(published=old, title="B"), make_source(published=new, title="A")]
    threads = [make_thread(title="Zebra"), make_thread(title="Aardvark")]
    themes = [make_theme("security"), make_theme("economy")]
    second = make_provision(version, number="2", position=2, threads=threads, themes=themes)
    first = make_provision(version, number=None, position=1, sources=sources)
    first.positions.create(party=make_party("Northland"), position="Agrees.")
    removal = Removal.objects.create(version=version, thread=make_thread(), note="Dropped.")
    for source in sources:
        claim = Claim.objects.create(
            source=source, claim=f"Says {source.title}.", accuracy="unclear"
        )
        claim.provisions.add(first)
        claim.removals.add(removal)

    contents = lean.load_contents([PlanVersion.objects.get()], claims=True)[version.pk]

    models = list(version.provisions.order_by("position"))
    assert [p.pk for p in contents.provisions] == [first.pk, second.pk]
    for mine, model in zip(contents.provisions, models, strict=True):
        assert (mine.label, mine.anchor, mine.get_absolute_url()) == (
            model.label,
            model.anchor,
            model.get_absolute_url(),
        )
        assert [t.slug for t in mine.threads] == [t.slug for t in model.threads.all()]
        assert [t.name for t in mine.themes] == [t.name for t in model.themes.all()]
        assert [c.source.slug for c in mine.citations] == [
            c.source.slug for c in model.citations.all()
        ]
        assert [c.claim for c in mine.claims.all()] == [c.claim for c in model.claims.all()]
    assert [c.claim for c in contents.provisions[0].claims] == ["Says A.", "Says B."]
    assert contents.provisions[0].positions[0].party.name == "Northland"
    (dropped,) = contents.removals
    assert dropped.get_absolute_url() == removal.get_absolute_url()
    assert [c.get_accuracy_display() for c in dropped.claims] == ["Unclear", "Unclear"]


def test_a_threads_contents_are_its_provisions_and_removals_only(client):
    version = make_version()
    subject, other = make_thread(title="Subject"), make_thread(title="Other")
    serving = make_provision(version, number="1", position=1, threads=[subject, other])
    make_provision(version, number="2", position=2, threads=[other])
    removal = Removal.objects.create(version=version, thread=subject, note="Dropped.", order=1)
    Removal.objects.create(version=version, thread=other, note="Also dropped.", order=2)
    claim = Claim.objects.create(source=make_source(), claim="Says so.", accuracy="unclear")
    claim.provisions.add(serving)
    claim.removals.add(removal)

    contents = lean.load_contents([version], claims=True, thread=subject.pk)[version.pk]

    assert [p.pk for p in contents.provisions] == [serving.pk]
    assert [t.title for t in contents.provisions[0].threads] == ["Other", "Subject"]
    assert [r.pk for r in contents.removals] == [removal.pk]
    assert [c.pk for c in contents.provisions[0].claims] == [claim.pk]
    assert [c.pk for c in contents.removals[0].claims] == [claim.pk]
    page = client.get(subject.get_absolute_url()).content.decode()
    assert "also: Other" in page
    assert "also: Subject" not in page
    assert page.count("Says so.") == 1  # one claim about the provision and the removal
