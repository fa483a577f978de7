"""The contents of versions as plain objects, loaded with values() in fixed queries.

A comparison of 12 versions of 150 provisions needs thousands of provisions, threads,
citations and sources; model instances with prefetched related managers cost about ten times
more to build than these objects, and the comparison, version and thread pages (and their
JSON) only read them. Each relation is a `Fetched` tuple, read like a prefetched manager
(`.all()`), so code that also handles model instances (comparison.Cell) reads both alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from django.db.models import Q
from django.urls import reverse

from .models import (
    READING_ORDER,
    Accuracy,
    Citation,
    Claim,
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


class Linked:
    """get_absolute_url() of an object with a `slug` and a page (URL name `url_name`),
    reversed once per object."""

    url_name: ClassVar[str]

    @cached_property
    def absolute_url(self):
        return reverse(self.url_name, args=[self.slug])

    def get_absolute_url(self):
        return self.absolute_url


@dataclass(eq=False)
class LeanSource(Linked):
    url_name = "provisions:source_detail"

    pk: int
    slug: str
    title: str
    publisher: str
    url: str


@dataclass(eq=False)
class LeanClaim:
    pk: int
    source: LeanSource
    claim: str
    accuracy: str
    note: str

    def get_accuracy_display(self):
        return Accuracy(self.accuracy).label


@dataclass(eq=False)
class LeanTheme(Linked):
    url_name = "provisions:theme_detail"

    slug: str
    name: str


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
class LeanThread(Linked):
    url_name = "provisions:thread_detail"

    pk: int
    slug: str
    title: str
    theme_slugs: list[str] = field(default_factory=list)


@dataclass(eq=False)
class LeanProvision(PointLabel):
    pk: int
    version: object  # the PlanVersion
    number: str | None
    position: int
    text: str
    status: str
    reported: bool
    rendering_notes: str
    version_url: str
    threads: Fetched = Fetched()
    themes: Fetched = Fetched()
    citations: Fetched = Fetched()
    positions: Fetched = Fetched()
    claims: Fetched = Fetched()

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
    claims: Fetched = Fetched()

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


SOURCE_FIELDS = ("source_id", "source__slug", "source__title", "source__publisher", "source__url")


def _source(sources, source_id, *fields):
    if source_id not in sources:
        sources[source_id] = LeanSource(source_id, *fields)
    return sources[source_id]


@dataclass
class Scope:
    """Which provisions and removals to load: lookups on Provision and on Removal.

    What hangs from them is selected by `IN (subquery)` of their ids rather than through a
    join: SQLite then reads only the rows it needs, where a join filtered on the thread, or
    an OR of two outer joins, made it read whole tables."""

    provisions: dict
    removals: dict

    def ids(self, kind):
        """The ids of the "provision" or "removal" rows to load, as a subquery."""
        model, lookups = (Provision, self.provisions)
        if kind == "removal":
            model, lookups = (Removal, self.removals)
        return model.objects.filter(**lookups).values("id")


def _citations(scope, sources):
    """{("provision" | "removal", id): [LeanCitation]} in citation order, one query."""
    rows = (
        Citation.objects.filter(
            Q(provision_id__in=scope.ids("provision")) | Q(removal_id__in=scope.ids("removal"))
        )
        .order_by("order", "id")
        .values_list("provision_id", "removal_id", "note", *SOURCE_FIELDS)
    )
    found = defaultdict(list)
    for provision_id, removal_id, note, *source in rows:
        key = ("provision", provision_id) if provision_id else ("removal", removal_id)
        found[key].append(LeanCitation(_source(sources, *source), note))
    return found


def _claims(scope, sources, with_removals):
    """{("provision" | "removal", id): [LeanClaim]} in the claims' order (by source, as
    Claim.Meta has it), one query for the provisions' claims and one for the removals' (if
    there are removals)."""
    found = defaultdict(list)
    fields = ["claim_id"]
    fields += [f"claim__{name}" for name in ("claim", "accuracy", "note", *SOURCE_FIELDS)]
    order = ("-claim__source__published", "claim__source__title", "claim_id")
    kinds = [("provision", Claim.provisions.through), ("removal", Claim.removals.through)]
    for kind, through in kinds if with_removals else kinds[:1]:
        links = through.objects.filter(**{f"{kind}_id__in": scope.ids(kind)})
        for target, pk, claim, accuracy, note, *source in links.order_by(*order).values_list(
            f"{kind}_id", *fields
        ):
            lean_claim = LeanClaim(pk, _source(sources, *source), claim, accuracy, note)
            found[(kind, target)].append(lean_claim)
    return found


def _threads(scope, with_themes):
    """({provision id: [LeanThread]}, removal rows), two queries: the threads of the
    provisions and the removals; `with_themes`, a third for the themes of all those threads
    (the comparisons' theme filter reads them)."""
    links = (
        Provision.threads.through.objects.filter(provision_id__in=scope.ids("provision"))
        .order_by("thread__title", "thread_id")
        .values_list("provision_id", "thread_id", "thread__slug", "thread__title")
    )
    removals = (
        Removal.objects.filter(**scope.removals)
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
    if not with_themes:
        return by_provision, removals
    themes = Thread.themes.through.objects.filter(thread_id__in=list(threads))
    for thread_id, slug in themes.order_by("theme__name", "theme_id").values_list(
        "thread_id", "theme__slug"
    ):
        threads[thread_id].theme_slugs.append(slug)
    return by_provision, removals


def _themes(scope):
    """{provision id: [LeanTheme]} in name order, one query."""
    themes, found = {}, defaultdict(list)
    for provision_id, theme_id, slug, name in (
        Provision.themes.through.objects.filter(provision_id__in=scope.ids("provision"))
        .order_by("theme__name", "theme_id")
        .values_list("provision_id", "theme_id", "theme__slug", "theme__name")
    ):
        if theme_id not in themes:
            themes[theme_id] = LeanTheme(slug, name)
        found[provision_id].append(themes[theme_id])
    return found


def load_contents(versions, claims=False, thread=None):
    """{version pk: VersionContents} of `versions` (PlanVersion instances): provisions in
    reading order with threads, themes, citations and party positions; removals with their
    thread and citations; with `claims`, the claims about both; with `thread` (its pk), only
    the provisions serving it and the removals of it, and their threads without their themes.
    Seven queries (six with `thread`; one or two more with claims) whatever the number of
    versions or provisions."""
    by_pk = {version.pk: version for version in versions}
    ids = list(by_pk)
    scope = Scope({"version_id__in": ids}, {"version_id__in": ids})
    if thread is not None:
        scope.provisions["threads"] = thread
        scope.removals["thread_id"] = thread
    sources = {}
    citations = _citations(scope, sources)
    threads, removals = _threads(scope, with_themes=thread is None)
    about = _claims(scope, sources, with_removals=bool(removals)) if claims else {}
    themes = _themes(scope)
    positions = _grouped(
        (provision_id, LeanPosition(LeanParty(party), position))
        for provision_id, party, position in PartyPosition.objects.filter(
            provision_id__in=scope.ids("provision")
        )
        .order_by("order", "id")
        .values_list("provision_id", "party__name", "position")
    )
    contents = {pk: VersionContents() for pk in ids}
    urls = {pk: version.get_absolute_url() for pk, version in by_pk.items()}
    fields = ("id", "version_id", "number", "position", "text", "status", "reported")
    fields += ("rendering_notes",)
    for pk, version_id, *values in (
        Provision.objects.filter(**scope.provisions).order_by(*READING_ORDER).values_list(*fields)
    ):
        contents[version_id].provisions.append(
            LeanProvision(
                pk,
                by_pk[version_id],
                *values,
                urls[version_id],
                threads=Fetched(threads.get(pk, ())),
                themes=Fetched(themes.get(pk, ())),
                citations=Fetched(citations.get(("provision", pk), ())),
                positions=Fetched(positions.get(pk, ())),
                claims=Fetched(about.get(("provision", pk), ())),
            )
        )
    for pk, version_id, note, thread in removals:
        removal = LeanRemoval(
            pk,
            by_pk[version_id],
            thread,
            note,
            Fetched(citations.get(("removal", pk), ())),
            Fetched(about.get(("removal", pk), ())),
        )
        contents[version_id].removals.append(removal)
    return contents
