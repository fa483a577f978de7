"""Write validated records to the database in bulk and count what was created, updated, deleted.

Existing rows are loaded a few queries per kind, compared in memory and written with bulk
inserts and updates, so that the number of queries does not grow with the data.
"""

from collections import Counter, defaultdict

from django.utils import timezone

from ..models import (
    Citation,
    Claim,
    Party,
    PartyPosition,
    PlanVersion,
    Provision,
    Removal,
    Source,
    Theme,
    Thread,
)
from .bulk import Children, Links, Table, chunked
from .history import label_deletions, record_history

SOURCE_FIELDS = ("title", "publisher", "author", "url", "published", "kind", "language", "note")
VERSION_FIELDS = (
    "title", "short_name", "published", "published_note", "stage", "status", "text_basis",
    "text_basis_note", "completeness", "summary", "notes",
)  # fmt: skip
CITATION_FIELDS = ("source_id", "note")


class Tally:
    """Counts of what a run created, updated and deleted, per kind of record."""

    def __init__(self):
        self.counts = {}

    def add(self, kind, outcome, count=1):
        self.counts.setdefault(kind, Counter())[outcome] += count

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())

    def summary(self):
        headline = (
            f"{self.total('created')} created, {self.total('updated')} updated, "
            f"{self.total('deleted')} deleted, {self.total('unchanged')} unchanged"
        )
        details = "; ".join(
            f"{kind}: " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(counter.items()) if n)
            for kind, counter in self.counts.items()
        )
        return f"{headline} ({details})" if details else headline


def merge_outcome(outcome, changed):
    return "updated" if changed and outcome == "unchanged" else outcome


def provision_key(version_id, number, position):
    """Numbered provisions are known by their number, unnumbered ones by their place."""
    return (version_id, number) if number is not None else (version_id, None, position)


class Writer:
    def __init__(self, bundle):
        self.bundle = bundle
        self.slugs = [version.slug for version in bundle.versions]
        self.tally = Tally()
        self.written = []

    def run(self):
        started = timezone.now()
        self.write_parties()
        self.write_sources()
        self.write_themes()
        self.write_threads()
        self.write_versions()
        self.write_removals()
        self.write_provisions()
        self.write_claims()
        record_history(self.written)
        if self.tally.total("deleted"):
            label_deletions(self.written, started)
        return self.tally

    def table(self, queryset, key):
        table = Table(queryset, key)
        self.written.append(table)
        return table

    def children(self, queryset, owner, fields=CITATION_FIELDS):
        children = Children(queryset, owner, fields)
        self.written.append(children)
        return children

    def count(self, kind, table, row, outcome, changed):
        if changed:
            table.touch(row)
        self.tally.add(kind, merge_outcome(outcome, changed))

    def delete_stale(self, kind, table, kept):
        """Delete the loaded rows the files no longer list, counting them."""
        stale = table.stale(kept)
        if stale:
            self.tally.add(kind, "deleted", len(stale))
            for ids in chunked(row.pk for row in stale):
                table.model.objects.filter(pk__in=ids).delete()

    def write_parties(self):
        """Parties are created from the names the files use; they are not counted."""
        names = set()
        for version in self.bundle.versions:
            names.update(version.drafted_by)
            names.update(p.party for item in version.provisions for p in item.positions)
        parties = self.table(Party.objects.filter(name__in=names), key=lambda party: party.name)
        for name in sorted(names):
            parties.upsert(name, {"name": name})
        parties.save()
        self.party_ids = {name: party.pk for name, party in parties.rows.items()}

    def write_sources(self):
        records = self.bundle.sources
        sources = self.table(
            Source.objects.filter(slug__in=[r.slug for r in records]), key=lambda s: s.slug
        )
        for record in records:
            values = {name: getattr(record, name) for name in SOURCE_FIELDS}
            _source, outcome = sources.upsert(record.slug, {"slug": record.slug, **values})
            self.tally.add("sources", outcome)
        sources.save()
        self.source_ids = dict(Source.objects.values_list("slug", "id"))

    def write_themes(self):
        records = self.bundle.themes
        themes = self.table(
            Theme.objects.filter(slug__in=[r.slug for r in records]), key=lambda t: t.slug
        )
        for record in records:
            values = {"slug": record.slug, "name": record.name, "description": record.description}
            self.tally.add("themes", themes.upsert(record.slug, values)[1])
        themes.save()
        self.theme_ids = dict(Theme.objects.values_list("slug", "id"))

    def write_threads(self):
        records = self.bundle.threads
        slugs = [record.slug for record in records]
        threads = self.table(Thread.objects.filter(slug__in=slugs), key=lambda t: t.slug)
        written = [
            threads.upsert(
                record.slug,
                {"slug": record.slug, "title": record.title, "description": record.description},
            )
            for record in records
        ]
        threads.save()
        themes = Links(Thread.themes.field, thread__slug__in=slugs)
        for record, (thread, outcome) in zip(records, written, strict=True):
            changed = themes.link(thread.pk, [self.theme_ids[t] for t in record.themes])
            self.count("threads", threads, thread, outcome, changed)
        themes.save()
        self.thread_ids = dict(Thread.objects.values_list("slug", "id"))

    def write_versions(self):
        records = self.bundle.versions
        versions = self.table(PlanVersion.objects.filter(slug__in=self.slugs), key=lambda v: v.slug)
        written = [
            versions.upsert(
                record.slug,
                {"slug": record.slug, **{name: getattr(record, name) for name in VERSION_FIELDS}},
            )
            for record in records
        ]
        versions.save()
        self.version_ids = {version.slug: version.pk for version, _outcome in written}
        based_on_ids = dict(
            PlanVersion.objects.filter(slug__in={r.based_on for r in records}).values_list(
                "slug", "id"
            )
        )
        drafted_by = Links(PlanVersion.drafted_by.field, planversion__slug__in=self.slugs)
        citations = self.children(
            Citation.objects.filter(version__slug__in=self.slugs), "version_id"
        )
        rebased = []
        for record, (version, outcome) in zip(records, written, strict=True):
            based_on_id = based_on_ids.get(record.based_on)
            changed = version.based_on_id != based_on_id
            if changed:
                version.based_on_id = based_on_id
                rebased.append(version)
            changed |= drafted_by.link(version.pk, [self.party_ids[n] for n in record.drafted_by])
            changed |= citations.replace(
                version.pk, [(self.source_ids[s], "") for s in record.sources]
            )
            self.count("versions", versions, version, outcome, changed)
        PlanVersion.objects.bulk_update(rebased, ["based_on_id"])
        drafted_by.save()
        citations.save()

    def write_removals(self):
        removals = self.table(
            Removal.objects.filter(version__slug__in=self.slugs),
            key=lambda removal: (removal.version_id, removal.order),
        )
        written = []
        for version in self.bundle.versions:
            version_id = self.version_ids[version.slug]
            # Keyed by order: the data may drop one thread twice, with two notes from two sources.
            for order, record in enumerate(version.dropped):
                values = {
                    "version_id": version_id,
                    "order": order,
                    "thread_id": self.thread_ids[record.thread],
                    "note": record.note,
                }
                written.append((record, *removals.upsert((version_id, order), values)))
        removals.save()
        citations = self.children(
            Citation.objects.filter(removal__version__slug__in=self.slugs), "removal_id"
        )
        for record, removal, outcome in written:
            changed = citations.replace(
                removal.pk, [(self.source_ids[c.source], c.note) for c in record.citations]
            )
            self.count("removals", removals, removal, outcome, changed)
        citations.save()
        self.delete_stale("removals", removals, [removal for _record, removal, _ in written])

    def write_provisions(self):
        in_run = Provision.objects.filter(version__slug__in=self.slugs)
        provisions = self.table(
            in_run, key=lambda p: provision_key(p.version_id, p.number, p.position)
        )
        written = []
        for version in self.bundle.versions:
            version_id = self.version_ids[version.slug]
            for item in version.provisions:
                values = {
                    "version_id": version_id,
                    "number": item.number,
                    "position": item.position,
                    "text": item.text,
                    "status": item.status,
                    "reported": item.reported,
                    "rendering_notes": item.rendering_notes,
                }
                key = provision_key(version_id, item.number, item.position)
                written.append((item, *provisions.upsert(key, values)))
        provisions.save()
        owned = {"provision__version__slug__in": self.slugs}
        threads = Links(Provision.threads.field, **owned)
        themes = Links(Provision.themes.field, **owned)
        citations = self.children(Citation.objects.filter(**owned), "provision_id")
        positions = self.children(
            PartyPosition.objects.filter(**owned), "provision_id", ("party_id", "position")
        )
        for item, provision, outcome in written:
            pk = provision.pk
            changed = threads.link(pk, [self.thread_ids[t] for t in item.threads])
            changed |= themes.link(pk, [self.theme_ids[t] for t in item.themes])
            changed |= citations.replace(
                pk, [(self.source_ids[c.source], c.note) for c in item.citations]
            )
            changed |= positions.replace(
                pk, [(self.party_ids[p.party], p.position) for p in item.positions]
            )
            self.count("provisions", provisions, provision, outcome, changed)
        for links in (threads, themes, citations, positions):
            links.save()
        self.delete_stale("provisions", provisions, [p for _item, p, _outcome in written])

    def write_claims(self):
        records = self.bundle.claims
        if not records:
            return
        # A source's claims are those the run lists for it: the others are deleted.
        covered = {self.source_ids[record.source] for record in records}
        claims = self.table(
            Claim.objects.filter(source_id__in=covered), key=lambda c: (c.source_id, c.claim)
        )
        written = []
        for record in records:
            source_id = self.source_ids[record.source]
            values = {
                "source_id": source_id,
                "claim": record.claim,
                "accuracy": record.accuracy,
                "note": record.note,
            }
            written.append((record, *claims.upsert((source_id, record.claim), values)))
        claims.save()
        plans = {ref.plan for record in records for ref in record.refs}
        provision_ids = {
            (slug, number): pk
            for pk, slug, number in Provision.objects.filter(
                version__slug__in=plans, number__isnull=False
            ).values_list("id", "version__slug", "number")
        }
        removal_ids = defaultdict(list)
        for pk, slug, thread in Removal.objects.filter(version__slug__in=plans).values_list(
            "id", "version__slug", "thread__slug"
        ):
            removal_ids[(slug, thread)].append(pk)
        provisions = Links(Claim.provisions.field, claim__source_id__in=covered)
        removals = Links(Claim.removals.field, claim__source_id__in=covered)
        for record, claim, outcome in written:
            changed = provisions.link(
                claim.pk, [provision_ids[(r.plan, r.number)] for r in record.refs if r.number]
            )
            changed |= removals.link(
                claim.pk,
                [pk for r in record.refs if r.thread for pk in removal_ids[(r.plan, r.thread)]],
            )
            self.count("claims", claims, claim, outcome, changed)
        provisions.save()
        removals.save()
        self.delete_stale("claims", claims, [claim for _record, claim, _outcome in written])
