"""Small builders for test data: explicit, slug-based, never dependent on primary keys."""

import datetime
import itertools

from provisions.models import Party, PlanVersion, Provision, Source, Theme, Thread

_sequence = itertools.count(1)


def make_party(name=None):
    return Party.objects.get_or_create(name=name or f"Party {next(_sequence)}")[0]


def make_theme(slug="military"):
    return Theme.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]


def make_source(**fields):
    n = next(_sequence)
    values = {
        "slug": f"source-{n}",
        "title": f"Article {n}",
        "publisher": "The Daily Example",
        "url": f"https://news.example.org/articles/{n}",
        "kind": "report",
    }
    values.update(fields)
    return Source.objects.create(**values)


def make_thread(**fields):
    n = next(_sequence)
    values = {"slug": f"thread-{n}", "title": f"Subject {n}"}
    values.update(fields)
    return Thread.objects.create(**values)


def make_version(drafted_by=(), **fields):
    n = next(_sequence)
    values = {
        "slug": f"version-{n}",
        "title": f"Draft {n}",
        "short_name": f"Draft {n}",
        "published": datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
        "stage": "proposal",
        "text_basis": "paraphrase",
        "summary": "A draft.",
    }
    values.update(fields)
    version = PlanVersion.objects.create(**values)
    version.drafted_by.set(drafted_by or [make_party()])
    return version


def make_provision(version, threads=(), themes=(), sources=(), **fields):
    position = fields.pop("position", version.provisions.count() + 1)
    values = {"number": str(position), "text": f"Provision text {position}."}
    values.update(fields)
    provision = Provision.objects.create(version=version, position=position, **values)
    provision.threads.set(threads)
    provision.themes.set(themes)
    for order, source in enumerate(sources):
        provision.citations.create(source=source, order=order)
    return provision
