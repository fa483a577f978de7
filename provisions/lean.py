"""The contents of compared versions as plain objects, loaded with values() in fixed queries.

A comparison of 12 versions of 150 provisions needs thousands of provisions, threads,
citations and sources; model instances with prefetched related managers cost about ten times
more to build than these objects, and the comparison pages and their exports only read them.
Each relation is a `Fetched` tuple, read like a prefetched manager (`.all()`), so code that
also handles model instances (comparison.Cell, on the thread page) reads both alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.urls import reverse

from .models import (
    READING_ORDER,
    Citation,
    PartyPosition,
    PointLabel,
    Provision,
    ProvisionStatus,
    Removal,
    Thread,
)


class Fetched(tuple):
    """A relation already loaded: a tuple that answers `.all()` as a related manager does."""

    def all(self):
        return self


@dataclass(eq=False)
class LeanSource:
    pk: int
    slug: str
    title: str
    publisher: str
    url: str

    @cached_property
    def absolute_url(self):
        return reverse("provisions:source_detail", args=[self.slug])

    def get_absolute_url(self):
        return self.absolute_url


@dataclass(eq=False)
class LeanCitation:
    source: LeanSource
    note: str

    @property
    def source_id(self):
        return self.source.pk


@dataclass(eq=False)
class LeanParty:
    name: str


@dataclass(eq=False)
class LeanPosition:
    party: LeanParty
    position: str


@dataclass(eq=False)
class LeanThread:
    pk: int
    slug: str
    title: str
    theme_slugs: list[str] = field(default_factory=list)

    @cached_property
    def absolute_url(self):
        return reverse("provisions:thread_detail", args=[self.slug])

    def get_absolute_url(self):
        return self.absolute_url


@dataclass(eq=False)
class LeanProvision(PointLabel):
    pk: int
    version: object  # the PlanVersion
    number: str | None
    position: int
    text: str
    status: str
    reported: bool
    version_url: str
    threads: Fetched = Fetched()
    theme_slugs: Fetched = Fetched()
    citations: Fetched = Fetched()
    positions: Fetched = Fetched()

    def get_status_display(self):
        return ProvisionStatus(self.status).label

    @cached_property
    def absolute_url(self):
        return f"{self.version_url}#{self.anchor}"

    def get_absolute_url(self):
        return self.absolute_url


@dataclass(eq=False)
class LeanRemoval:
    pk: int
    version: object  # the PlanVersion
    thread: LeanThread
    note: str
    citations: Fetched = Fetched()

    @property
    def thread_id(self):
        return self.thread.pk

    def get_absolute_url(self):
        return f"{self.version.get_absolute_url()}#removed-{self.thread.slug}"


@dataclass
class VersionContents:
    provisions: list[LeanProvision] = field(default_factory=list)
    removals: list[LeanRemoval] = field(default_factory=list)


def _grouped(pairs):
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped


def _citations(version_ids):
    """{("provision" | "removal", id): [LeanCitation]} in citation order, one query."""
    rows = (
        Citation.objects.filter(
            Q(provision__version_id__in=version_ids) | Q(removal__version_id__in=version_ids)
        )
        .order_by("order", "id")
        .values_list(
            "provision_id",
            "removal_id",
            "note",
            "source_id",
            "source__slug",
            "source__title",
            "source__publisher",
            "source__url",
        )
    )
    sources, found = {}, defaultdict(list)
    for provision_id, removal_id, note, source_id, *source in rows:
        if source_id not in sources:
            sources[source_id] = LeanSource(source_id, *source)
        key = ("provision", provision_id) if provision_id else ("removal", removal_id)
        found[key].append(LeanCitation(sources[source_id], note))
    return found


def _threads(version_ids):
    """({thread id: LeanThread}, {provision id: [LeanThread]}, removal rows), three queries:
    the threads of the provisions, the removals, and the themes of all those threads."""
    links = (
        Provision.threads.through.objects.filter(provision__version_id__in=version_ids)
        .order_by("thread__title", "thread_id")
        .values_list("provision_id", "thread_id", "thread__slug", "thread__title")
    )
    removals = (
        Removal.objects.filter(version_id__in=version_ids)
        .order_by("order", "id")
        .values_list("id", "version_id", "note", "thread_id", "thread__slug", "thread__title")
    )
    threads, by_provision = {}, defaultdict(list)

    def thread(pk, slug, title):
        if pk not in threads:
            threads[pk] = LeanThread(pk, slug, title)
        return threads[pk]

    for provision_id, *row in links:
        by_provision[provision_id].append(thread(*row))
    removals = [(pk, version_id, note, thread(*row)) for pk, version_id, note, *row in removals]
    themes = Thread.themes.through.objects.filter(thread_id__in=list(threads))
    for thread_id, slug in themes.order_by("theme__name", "theme_id").values_list(
        "thread_id", "theme__slug"
    ):
        threads[thread_id].theme_slugs.append(slug)
    return by_provision, removals


def load_contents(versions):
    """{version pk: VersionContents} of `versions` (PlanVersion instances): provisions in
    reading order with threads, theme slugs, citations and party positions; removals with
    their thread and citations. Seven queries whatever the number of versions or provisions."""
    by_pk = {version.pk: version for version in versions}
    ids = list(by_pk)
    citations = _citations(ids)
    threads, removals = _threads(ids)
    themes = _grouped(
        Provision.themes.through.objects.filter(provision__version_id__in=ids)
        .order_by("theme__name", "theme_id")
        .values_list("provision_id", "theme__slug")
    )
    positions = _grouped(
        (provision_id, LeanPosition(LeanParty(party), position))
        for provision_id, party, position in PartyPosition.objects.filter(
            provision__version_id__in=ids
        )
        .order_by("order", "id")
        .values_list("provision_id", "party__name", "position")
    )
    contents = {pk: VersionContents() for pk in ids}
    urls = {pk: version.get_absolute_url() for pk, version in by_pk.items()}
    fields = ("id", "version_id", "number", "position", "text", "status", "reported")
    for pk, version_id, *values in (
        Provision.objects.filter(version_id__in=ids).order_by(*READING_ORDER).values_list(*fields)
    ):
        contents[version_id].provisions.append(
            LeanProvision(
                pk,
                by_pk[version_id],
                *values,
                urls[version_id],
                threads=Fetched(threads.get(pk, ())),
                theme_slugs=Fetched(themes.get(pk, ())),
                citations=Fetched(citations.get(("provision", pk), ())),
                positions=Fetched(positions.get(pk, ())),
            )
        )
    for pk, version_id, note, thread in removals:
        removal = LeanRemoval(
            pk, by_pk[version_id], thread, note, Fetched(citations.get(("removal", pk), ()))
        )
        contents[version_id].removals.append(removal)
    return contents
