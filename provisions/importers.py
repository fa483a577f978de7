"""Load the YAML data format (see fixtures/README.md) into the database.

Two phases, so that a run is all-or-nothing:

1. read and validate every file into plain records, resolving every reference
   against the run itself and the database; the first problem stops the run
   with a one-line `DataError` naming the file, the entry and the field;
2. write everything inside one transaction, upserting by stable identifiers
   (version slug, source id, thread slug, (version, number)), so that running
   the same files twice changes nothing and says so.

A plan file describes its whole version: provisions, removals and citations
that the file no longer lists are deleted from that version.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction

from .models import (
    Accuracy,
    Citation,
    Claim,
    Completeness,
    Party,
    PartyPosition,
    PlanVersion,
    Provision,
    ProvisionStatus,
    Removal,
    Source,
    SourceKind,
    Stage,
    TextBasis,
    Theme,
    Thread,
)

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
LIST_FILE_KINDS = ("sources", "threads", "commentary")


class DataError(Exception):
    """A problem in the input files; its message is one line for the user."""


class DuplicateKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a mapping with the same key twice (PyYAML keeps the last)."""


def _construct_mapping(loader, node, deep=False):
    keys = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise DataError(f"line {key_node.start_mark.line + 1}: key {key!r} appears twice")
        keys.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


DuplicateKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


# --- Records: the validated content of the files, free of database ids ---------------------


@dataclass
class CitationRecord:
    source: str
    note: str


@dataclass
class PositionRecord:
    party: str
    position: str


@dataclass
class ProvisionRecord:
    number: str | None
    position: int
    threads: list[str]
    themes: list[str]
    text: str
    reported: bool
    status: str
    positions: list[PositionRecord]
    citations: list[CitationRecord]
    rendering_notes: str


@dataclass
class RemovalRecord:
    thread: str
    note: str
    citations: list[CitationRecord]


@dataclass
class VersionRecord:
    where: str
    slug: str
    title: str
    short_name: str
    drafted_by: list[str]
    published: datetime.date
    published_note: str
    stage: str
    status: str
    based_on: str | None
    text_basis: str
    text_basis_note: str
    completeness: str
    summary: str
    notes: str
    sources: list[str]
    dropped: list[RemovalRecord]
    provisions: list[ProvisionRecord]


@dataclass
class SourceRecord:
    where: str
    slug: str
    title: str
    publisher: str
    author: str
    url: str
    published: datetime.date | None
    kind: str
    language: str
    note: str


@dataclass
class ThreadRecord:
    where: str
    slug: str
    title: str
    themes: list[str]
    description: str


@dataclass
class ClaimRef:
    plan: str
    number: str | None
    thread: str | None


@dataclass
class ClaimRecord:
    where: str
    source: str
    refs: list[ClaimRef]
    claim: str
    accuracy: str
    note: str


@dataclass
class Bundle:
    versions: list[VersionRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    threads: list[ThreadRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)


# --- Reading and validating ---------------------------------------------------------------


class Entry:
    """Where we are in the input, so that every error names file, entry and field."""

    def __init__(self, file, name, data):
        self.file = file
        self.name = name
        self.data = data

    def fail(self, key, problem):
        location = f"{self.file}: {self.name}"
        if key:
            location += f": field '{key}'"
        raise DataError(f"{location}: {problem}")

    def check_keys(self, required, optional=()):
        if not isinstance(self.data, dict):
            self.fail(None, f"expected a mapping, got {type_name(self.data)}")
        allowed = set(required) | set(optional)
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"unknown key (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in self.data:
                self.fail(key, "missing required key")

    def text(self, key, *, required=True, max_length=None):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "must not be empty")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"expected text, got {type_name(value)}")
        value = str(value).strip()
        if required and not value:
            self.fail(key, "must not be empty")
        if max_length and len(value) > max_length:
            self.fail(key, f"is {len(value)} characters long; the limit is {max_length}")
        return value

    def slug(self, key, *, required=True):
        value = self.text(key, required=required, max_length=200)
        if value and not SLUG_RE.match(value):
            self.fail(key, f"{value!r} is not a valid identifier (letters, digits, '-', '_')")
        return value or None

    def choice(self, key, choices, *, default=None):
        value = self.data.get(key)
        if value is None and default is not None:
            return default
        allowed = [value for value, _label in choices.choices]
        if value not in allowed:
            self.fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def date(self, key, *, required=True):
        value = self.data.get(key)
        if value is None:
            if required:
                self.fail(key, "missing date")
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"{value!r} is not an ISO date (YYYY-MM-DD)")

    def boolean(self, key):
        value = self.data.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def items(self, key, *, required=True):
        value = self.data.get(key)
        if value is None:
            if required and key not in self.data:
                self.fail(key, "missing list")
            return []
        if not isinstance(value, list):
            self.fail(key, f"expected a list, got {type_name(value)}")
        return value

    def string_list(self, key, *, required=True, slugs=False):
        values = []
        for index, item in enumerate(self.items(key, required=required)):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{index}]", f"expected a name, got {item!r}")
            if slugs and not SLUG_RE.match(item):
                self.fail(f"{key}[{index}]", f"{item!r} is not a valid identifier")
            values.append(item.strip())
        if len(set(values)) != len(values):
            duplicate = next(v for v, n in Counter(values).items() if n > 1)
            self.fail(key, f"{duplicate!r} is listed twice")
        return values

    def child(self, key, index, name=None):
        return Entry(
            self.file, f"{self.name}, {key}[{index}]" + (f" ({name})" if name else ""), None
        )


def type_name(value):
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


def parse_citations(entry, key="citations", *, required=True):
    citations = []
    for index, raw in enumerate(entry.items(key, required=required)):
        item = Entry(entry.file, f"{entry.name}, {key}[{index}]", raw)
        item.check_keys(required=["source"], optional=["note"])
        citations.append(
            CitationRecord(source=item.slug("source"), note=item.text("note", required=False))
        )
    sources = [c.source for c in citations]
    if len(set(sources)) != len(sources):
        duplicate = next(s for s, n in Counter(sources).items() if n > 1)
        entry.fail(key, f"source {duplicate!r} is cited twice")
    return citations


def parse_plan(file, data):
    version = Entry(file, "version", data.get("version"))
    version.check_keys(
        required=[
            "slug", "title", "short_name", "drafted_by", "published", "stage",
            "text_basis", "summary",
        ],
        optional=[
            "published_note", "status", "based_on", "text_basis_note", "completeness",
            "sources", "notes", "dropped",
        ],
    )  # fmt: skip
    drafted_by = version.string_list("drafted_by")
    if not drafted_by:
        version.fail("drafted_by", "a version needs at least one drafting party")
    slug = version.slug("slug")
    record = VersionRecord(
        where=f"{file}",
        slug=slug,
        title=version.text("title", max_length=300),
        short_name=version.text("short_name", max_length=100),
        drafted_by=drafted_by,
        published=version.date("published"),
        published_note=version.text("published_note", required=False),
        stage=version.choice("stage", Stage),
        status=version.text("status", required=False, max_length=300),
        based_on=version.slug("based_on", required=False),
        text_basis=version.choice("text_basis", TextBasis),
        text_basis_note=version.text("text_basis_note", required=False, max_length=300),
        completeness=version.choice("completeness", Completeness, default=Completeness.FULL),
        summary=version.text("summary"),
        notes=version.text("notes", required=False),
        sources=version.string_list("sources", required=False, slugs=True),
        dropped=[],
        provisions=[],
    )
    if record.based_on == slug:
        version.fail("based_on", "a version cannot be based on itself")

    for index, raw in enumerate(version.items("dropped", required=False)):
        item = Entry(file, f"version, dropped[{index}]", raw)
        item.check_keys(required=["thread"], optional=["note", "citations"])
        record.dropped.append(
            RemovalRecord(
                thread=item.slug("thread"),
                note=item.text("note", required=False),
                citations=parse_citations(item, required=False),
            )
        )

    provisions = data.get("provisions")
    if not isinstance(provisions, list):
        Entry(file, "provisions", provisions).fail(None, "expected a list of provisions")
    seen_numbers = {}
    for index, raw in enumerate(provisions, start=1):
        number = raw.get("number") if isinstance(raw, dict) else None
        name = f"provision {number}" if number is not None else f"provision #{index}"
        item = Entry(file, name, raw)
        item.check_keys(
            required=["number", "threads", "themes", "text", "citations"],
            optional=["reported", "status", "positions", "rendering_notes"],
        )
        number = item.text("number", required=False, max_length=20) or None
        if number is not None:
            if number in seen_numbers:
                item.fail(
                    "number",
                    f"duplicate number {number!r} (also provision #{seen_numbers[number]})",
                )
            seen_numbers[number] = index
        positions = []
        for p_index, p_raw in enumerate(item.items("positions", required=False)):
            position = Entry(file, f"{name}, positions[{p_index}]", p_raw)
            position.check_keys(required=["party", "position"])
            positions.append(
                PositionRecord(
                    party=position.text("party", max_length=200), position=position.text("position")
                )
            )
        record.provisions.append(
            ProvisionRecord(
                number=number,
                position=index,
                threads=item.string_list("threads", slugs=True),
                themes=item.string_list("themes", slugs=True),
                text=item.text("text"),
                reported=item.boolean("reported"),
                status=item.choice("status", ProvisionStatus, default=ProvisionStatus.PROPOSED),
                positions=positions,
                citations=parse_citations(item),
                rendering_notes=item.text("rendering_notes", required=False),
            )
        )
    return record


def parse_source(file, index, raw):
    name = (
        f"source {raw.get('id')}" if isinstance(raw, dict) and raw.get("id") else f"source #{index}"
    )
    item = Entry(file, name, raw)
    item.check_keys(
        required=["id", "title", "publisher", "url", "kind"],
        optional=["author", "published", "language", "note"],
    )
    url = item.text("url", max_length=2000)
    if not URL_RE.match(url):
        item.fail("url", f"{url!r} is not an http(s) URL")
    return SourceRecord(
        where=file,
        slug=item.slug("id"),
        title=item.text("title", max_length=500),
        publisher=item.text("publisher", max_length=300),
        author=item.text("author", required=False, max_length=300),
        url=url,
        published=item.date("published", required=False),
        kind=item.choice("kind", SourceKind),
        language=item.text("language", required=False, max_length=20),
        note=item.text("note", required=False),
    )


def parse_thread(file, index, raw):
    name = (
        f"thread {raw.get('slug')}"
        if isinstance(raw, dict) and raw.get("slug")
        else f"thread #{index}"
    )
    item = Entry(file, name, raw)
    item.check_keys(required=["slug", "title"], optional=["themes", "description"])
    return ThreadRecord(
        where=file,
        slug=item.slug("slug"),
        title=item.text("title", max_length=300),
        themes=item.string_list("themes", required=False, slugs=True),
        description=item.text("description", required=False),
    )


def parse_claim(file, index, raw):
    item = Entry(file, f"claim #{index}", raw)
    item.check_keys(required=["source", "provision_refs", "claim", "accuracy"], optional=["note"])
    refs = []
    for r_index, r_raw in enumerate(item.items("provision_refs")):
        ref = Entry(file, f"claim #{index}, provision_refs[{r_index}]", r_raw)
        ref.check_keys(required=["plan"], optional=["number", "thread"])
        number = ref.text("number", required=False) or None
        thread = ref.slug("thread", required=False)
        if (number is None) == (thread is None):
            ref.fail(None, "give either 'number' (a provision) or 'thread' (a dropped subject)")
        refs.append(ClaimRef(plan=ref.slug("plan"), number=number, thread=thread))
    if not refs:
        item.fail("provision_refs", "a claim must refer to at least one provision")
    return ClaimRecord(
        where=f"{file}: claim #{index}",
        source=item.slug("source"),
        refs=refs,
        claim=item.text("claim"),
        accuracy=item.choice("accuracy", Accuracy),
        note=item.text("note", required=False),
    )


LIST_PARSERS = {"sources": parse_source, "threads": parse_thread, "commentary": parse_claim}


def collect_files(paths):
    files = []
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        elif path.is_file():
            files.append(path)
        else:
            raise DataError(f"{raw_path}: no such file or folder")
    if not files:
        raise DataError(f"no .yaml files found in {', '.join(map(str, paths))}")
    return list(dict.fromkeys(files))


def read_bundle(paths):
    bundle = Bundle()
    for path in collect_files(paths):
        file = str(path)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=DuplicateKeyLoader)
        except DataError as error:
            raise DataError(f"{file}: {error}") from None
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            problem = " ".join(str(error).split())
            raise DataError(f"{file}: not valid YAML: {problem}") from None
        if isinstance(data, dict) and "version" in data:
            unknown = set(data) - {"version", "provisions"}
            if unknown:
                raise DataError(f"{file}: unknown top-level key(s): {', '.join(sorted(unknown))}")
            bundle.versions.append(parse_plan(file, data))
            continue
        kind = next((k for k in LIST_FILE_KINDS if path.stem.endswith(k)), None)
        if kind is None:
            raise DataError(
                f"{file}: not a plan (no 'version:' key) and the name does not end in "
                "sources, threads or commentary"
            )
        if data is None:
            continue
        if not isinstance(data, list):
            raise DataError(f"{file}: a {kind} file must be a list, got {type_name(data)}")
        records = [LIST_PARSERS[kind](file, index, raw) for index, raw in enumerate(data, start=1)]
        getattr(bundle, "claims" if kind == "commentary" else kind).extend(records)
    return bundle


def check_unique(records, key, what):
    seen = {}
    for record in records:
        value = getattr(record, key)
        if value in seen:
            raise DataError(
                f"{record.where}: {what} {value!r} is defined twice (also in {seen[value]})"
            )
        seen[value] = record.where


def check_references(bundle):
    """Every reference must point into this run or into the database."""
    check_unique(bundle.versions, "slug", "version")
    check_unique(bundle.sources, "slug", "source")
    check_unique(bundle.threads, "slug", "thread")

    themes = set(Theme.objects.values_list("slug", flat=True))
    sources = {s.slug for s in bundle.sources} | set(Source.objects.values_list("slug", flat=True))
    threads = {t.slug for t in bundle.threads} | set(Thread.objects.values_list("slug", flat=True))
    versions = {v.slug for v in bundle.versions} | set(
        PlanVersion.objects.values_list("slug", flat=True)
    )

    def require(where, key, value, known, what):
        if value not in known:
            raise DataError(f"{where}: field '{key}': unknown {what} {value!r}")

    for thread in bundle.threads:
        for theme in thread.themes:
            require(f"thread {thread.slug}", "themes", theme, themes, "theme")

    for version in bundle.versions:
        if version.based_on:
            require(f"{version.where}: version", "based_on", version.based_on, versions, "version")
        for slug in version.sources:
            require(f"{version.where}: version", "sources", slug, sources, "source")
        for index, removal in enumerate(version.dropped):
            where = f"{version.where}: version, dropped[{index}]"
            require(where, "thread", removal.thread, threads, "thread")
            for citation in removal.citations:
                require(where, "citations", citation.source, sources, "source")
        for provision in version.provisions:
            where = f"{version.where}: " + (
                f"provision {provision.number}"
                if provision.number
                else f"provision #{provision.position}"
            )
            for slug in provision.threads:
                require(where, "threads", slug, threads, "thread")
            for slug in provision.themes:
                require(where, "themes", slug, themes, "theme")
            for citation in provision.citations:
                require(where, "citations", citation.source, sources, "source")

    check_based_on_cycles(bundle)
    check_claim_references(bundle, sources)


def check_based_on_cycles(bundle):
    parents = dict(
        PlanVersion.objects.filter(based_on__isnull=False).values_list("slug", "based_on__slug")
    )
    parents.update({v.slug: v.based_on for v in bundle.versions})
    for version in bundle.versions:
        seen = {version.slug}
        current = parents.get(version.slug)
        while current:
            if current in seen:
                raise DataError(
                    f"{version.where}: version: field 'based_on': {version.based_on!r} "
                    f"leads back to {version.slug!r} (a cycle)"
                )
            seen.add(current)
            current = parents.get(current)


def check_claim_references(bundle, sources):
    numbers, dropped = set(), set()
    run_versions = {v.slug for v in bundle.versions}
    for version in bundle.versions:
        numbers |= {(version.slug, p.number) for p in version.provisions if p.number}
        dropped |= {(version.slug, r.thread) for r in version.dropped}
    numbers |= set(
        Provision.objects.exclude(version__slug__in=run_versions)
        .filter(number__isnull=False)
        .values_list("version__slug", "number")
    )
    dropped |= set(
        Removal.objects.exclude(version__slug__in=run_versions).values_list(
            "version__slug", "thread__slug"
        )
    )
    for claim in bundle.claims:
        if claim.source not in sources:
            raise DataError(f"{claim.where}: field 'source': unknown source {claim.source!r}")
        for ref in claim.refs:
            if ref.number and (ref.plan, ref.number) not in numbers:
                raise DataError(
                    f"{claim.where}: field 'provision_refs': "
                    f"no provision {ref.number!r} in plan {ref.plan!r}"
                )
            if ref.thread and (ref.plan, ref.thread) not in dropped:
                raise DataError(
                    f"{claim.where}: field 'provision_refs': "
                    f"plan {ref.plan!r} does not drop thread {ref.thread!r}"
                )


# --- Writing --------------------------------------------------------------------------------


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
        values = {k: v for k, v in vars(record).items() if k not in {"slug", "where"}}
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


def import_paths(paths):
    """Validate, then write, every file under `paths`; returns the Tally. Raises DataError."""
    bundle = read_bundle(paths)
    check_references(bundle)
    try:
        with transaction.atomic():
            return Writer(bundle).run()
    except IntegrityError as error:
        raise DataError(f"the database refused the data: {' '.join(str(error).split())}") from None
