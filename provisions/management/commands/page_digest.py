"""Print a digest of every page and every table, to prove two databases serve the same site.

The restore drill (deploy/restore-drill) runs it against the database and against its
restored copy and compares the two outputs line for line: the pages rendered (HTML, JSON,
feed) and the rows of every table, history and accounts included.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client, override_settings
from django.urls import reverse

from provisions.models import PlanVersion, Source, Theme, Thread

MAX_SYNOPTIC = 12
PLAIN_STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"


def page_paths():
    yield from ["/", "/sources/", "/sources/?by=publisher", "/feeds/versions/"]
    yield from ["/api/versions/", "/api/threads/", "/api/sources/", "/api/provisions/"]
    versions = list(PlanVersion.objects.in_date_order().with_base())
    for version in versions:
        yield version.get_absolute_url()
        yield reverse("provisions:api_version", args=[version.slug])
        if version.based_on:
            yield reverse("provisions:compare_pair", args=[version.based_on.slug, version.slug])
    if len(versions) > 2:
        slugs = "&".join(f"v={version.slug}" for version in versions[:MAX_SYNOPTIC])
        yield f"{reverse('provisions:compare_many')}?{slugs}"
    for model in (Thread, Theme, Source):
        for obj in model.objects.order_by("slug"):
            yield obj.get_absolute_url()


def digest(data):
    return hashlib.sha256(data).hexdigest()


class Command(BaseCommand):
    help = "Print a digest of every page and table, to compare two databases."

    def handle(self, **options):
        for model in sorted(apps.get_models(), key=lambda model: model._meta.label):
            rows = list(model.objects.order_by("pk").values_list())
            self.stdout.write(f"{digest(repr(rows).encode())} {len(rows)} rows {model._meta.label}")
        # Rendered in-process as for any visitor, on HTTPS, with no cache in between. Static
        # file names come from the code, not the database: no collectstatic manifest needed.
        with override_settings(
            ALLOWED_HOSTS=["testserver"],
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
            STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_STORAGE}},
        ):
            client = Client()
            for path in page_paths():
                response = client.get(path, secure=True)
                self.stdout.write(f"{digest(response.content)} {response.status_code} {path}")
