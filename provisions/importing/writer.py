"""Write validated records to the database: upsert by stable identifiers and count what changed."""

from collections import Counter

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


def upsert(model, lookup, values):
    """Create or update one row; returns (object, 'created' | 'updated' | 'unchanged')."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**{**values, **lookup}), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save()
    return obj, "updated"


def sync_m2m(manager, wanted_ids):
    if set(manager.values_list("id", flat=True)) == set(wanted_ids):
        return False
    manager.set(wanted_ids)
    return True


def sync_children(manager, wanted, fields, factory):
    """Replace a list of small child rows when it differs from what the file says."""
    current = [tuple(getattr(row, name) for name in fields) for row in manager.all()]
    if current == [tuple(row) for row in wanted]:
        return False
    manager.all().delete()
    for order, row in enumerate(wanted):
        factory(order=order, **dict(zip(fields, row, strict=True)))
    return True


def sync_citations(manager, wanted, **target):
    """Make the citations of one version, removal or provision those the file lists."""
    return sync_children(
        manager,
        wanted,
        ("source_id", "note"),
        lambda **fields: Citation.objects.create(**target, **fields),
    )


def merge_outcome(outcome, changed):
    return "updated" if changed and outcome == "unchanged" else outcome


class Writer:
    def __init__(self, bundle):
        self.bundle = bundle
        self.tally = Tally()
        self.parties = {}
        self.source_ids = {}
        self.thread_ids = {}
        self.created_versions = set()
        self.theme_ids = dict(Theme.objects.values_list("slug", "id"))

    def run(self):
        self.source_ids = dict(Source.objects.values_list("slug", "id"))
        self.thread_ids = dict(Thread.objects.values_list("slug", "id"))
        for record in self.bundle.sources:
            self.write_source(record)
        for record in self.bundle.threads:
            self.write_thread(record)
        versions = {record.slug: self.write_version(record) for record in self.bundle.versions}
        for record in self.bundle.versions:
            self.write_version_links(versions[record.slug], record)
        self.write_claims()
        return self.tally

    def delete_stale(self, kind, queryset):
        """Delete what the files no longer list, counting it."""
        count = queryset.count()
        if count:
            self.tally.add(kind, "deleted", count)
            queryset.delete()

    def party_id(self, name):
        if name not in self.parties:
            self.parties[name] = Party.objects.get_or_create(name=name)[0].id
        return self.parties[name]

    def write_source(self, record):
        values = {k: v for k, v in vars(record).items() if k not in {"slug", "location"}}
        source, outcome = upsert(Source, {"slug": record.slug}, values)
        self.source_ids[record.slug] = source.id
        self.tally.add("sources", outcome)

    def write_thread(self, record):
        thread, outcome = upsert(
            Thread,
            {"slug": record.slug},
            {"title": record.title, "description": record.description},
        )
        changed = sync_m2m(thread.themes, [self.theme_ids[t] for t in record.themes])
        self.thread_ids[record.slug] = thread.id
        self.tally.add("threads", merge_outcome(outcome, changed))

    def write_version(self, record):
        values = {
            name: getattr(record, name)
            for name in (
                "title", "short_name", "published", "published_note", "stage", "status",
                "text_basis", "text_basis_note", "completeness", "summary", "notes",
            )
        }  # fmt: skip
        version, outcome = upsert(PlanVersion, {"slug": record.slug}, values)
        changed = sync_m2m(version.drafted_by, [self.party_id(n) for n in record.drafted_by])
        changed |= sync_citations(
            version.citations, [(self.source_ids[s], "") for s in record.sources], version=version
        )
        self.tally.add("versions", merge_outcome(outcome, changed))
        if outcome == "created":
            self.created_versions.add(version.slug)
        return version

    def write_version_links(self, version, record):
        """based_on, removals and provisions: written once every version of the run exists."""
        based_on_id = (
            PlanVersion.objects.values_list("id", flat=True).get(slug=record.based_on)
            if record.based_on
            else None
        )
        if version.based_on_id != based_on_id:
            version.based_on_id = based_on_id
            version.save()
            if version.slug not in self.created_versions:
                self.tally.add("versions", "updated")
        self.write_removals(version, record)
        self.write_provisions(version, record)

    def write_removals(self, version, record):
        kept = []
        for order, removal_record in enumerate(record.dropped):
            # Keyed by order: the data may drop one thread twice, with two notes from two sources.
            removal, outcome = upsert(
                Removal,
                {"version": version, "order": order},
                {"thread_id": self.thread_ids[removal_record.thread], "note": removal_record.note},
            )
            changed = sync_citations(
                removal.citations,
                [(self.source_ids[c.source], c.note) for c in removal_record.citations],
                removal=removal,
            )
            kept.append(removal.id)
            self.tally.add("removals", merge_outcome(outcome, changed))
        stale = version.removals.exclude(id__in=kept)
        self.delete_stale("removals", stale)

    def write_provisions(self, version, record):
        kept = []
        for item in record.provisions:
            lookup = {"version": version, "number": item.number}
            if item.number is None:
                lookup["position"] = item.position
            values = {
                "position": item.position,
                "text": item.text,
                "status": item.status,
                "reported": item.reported,
                "rendering_notes": item.rendering_notes,
            }
            provision, outcome = upsert(Provision, lookup, values)
            changed = sync_m2m(provision.threads, [self.thread_ids[t] for t in item.threads])
            changed |= sync_m2m(provision.themes, [self.theme_ids[t] for t in item.themes])
            changed |= sync_citations(
                provision.citations,
                [(self.source_ids[c.source], c.note) for c in item.citations],
                provision=provision,
            )
            changed |= sync_children(
                provision.positions,
                [(self.party_id(p.party), p.position) for p in item.positions],
                ("party_id", "position"),
                lambda provision=provision, **kw: PartyPosition.objects.create(
                    provision=provision, **kw
                ),
            )
            kept.append(provision.id)
            self.tally.add("provisions", merge_outcome(outcome, changed))
        stale = version.provisions.exclude(id__in=kept)
        self.delete_stale("provisions", stale)

    def write_claims(self):
        if not self.bundle.claims:
            return
        provision_ids = {
            (slug, number): pk
            for pk, slug, number in Provision.objects.filter(number__isnull=False).values_list(
                "id", "version__slug", "number"
            )
        }
        removal_ids = {}
        for pk, slug, thread in Removal.objects.values_list("id", "version__slug", "thread__slug"):
            removal_ids.setdefault((slug, thread), []).append(pk)
        kept = []
        for record in self.bundle.claims:
            claim, outcome = upsert(
                Claim,
                {"source_id": self.source_ids[record.source], "claim": record.claim},
                {"accuracy": record.accuracy, "note": record.note},
            )
            changed = sync_m2m(
                claim.provisions,
                [provision_ids[(r.plan, r.number)] for r in record.refs if r.number],
            )
            changed |= sync_m2m(
                claim.removals,
                [pk for r in record.refs if r.thread for pk in removal_ids[(r.plan, r.thread)]],
            )
            kept.append(claim.id)
            self.tally.add("claims", merge_outcome(outcome, changed))
        # A source's claims are those the run lists for it: drop the ones no longer listed.
        covered_sources = {self.source_ids[r.source] for r in self.bundle.claims}
        stale = Claim.objects.filter(source_id__in=covered_sources).exclude(id__in=kept)
        self.delete_stale("claims", stale)
