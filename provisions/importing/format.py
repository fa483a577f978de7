"""Read the YAML files of the import format (fixtures/README.md) and validate them into records."""

import datetime
import re
from collections import Counter
from pathlib import Path

import yaml

from ..models import Accuracy, Completeness, ProvisionStatus, SourceKind, Stage, TextBasis
from .records import (
    Bundle,
    CitationRecord,
    ClaimRecord,
    ClaimRef,
    DataError,
    Location,
    PositionRecord,
    ProvisionRecord,
    RemovalRecord,
    SourceRecord,
    ThreadRecord,
    VersionRecord,
)

SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
LIST_FILE_KINDS = ("sources", "threads", "commentary")
# Control characters (C0, DEL, C1) other than tab and line feed. YAML refuses most of them raw,
# so `load_file` swaps raw ones for private-use stand-ins (STAND_IN + code) to be reported with
# their entry and field like escaped ones ("\0" in a quoted string).
STAND_IN = 0xF0000
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\U000f0000-\U000f009f]")
RAW_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

VERSION_KEYS = (
    "slug", "title", "short_name", "drafted_by", "published", "published_note", "stage", "status",
    "based_on", "text_basis", "text_basis_note", "completeness", "summary", "sources", "notes",
    "dropped",
)  # fmt: skip
VERSION_REQUIRED = (
    "slug", "title", "short_name", "drafted_by", "published", "stage", "text_basis", "summary",
)  # fmt: skip
PROVISION_KEYS = (
    "number", "threads", "themes", "text", "reported", "status", "positions", "citations",
    "rendering_notes",
)  # fmt: skip
PROVISION_REQUIRED = ("number", "threads", "themes", "text", "citations")
REMOVAL_KEYS = ("thread", "note", "citations")
SOURCE_KEYS = ("id", "title", "publisher", "author", "url", "published", "kind", "language", "note")
SOURCE_REQUIRED = ("id", "title", "publisher", "url", "kind")
THREAD_KEYS = ("slug", "title", "themes", "description")
CLAIM_KEYS = ("source", "provision_refs", "claim", "accuracy", "note")


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


def type_name(value):
    return {dict: "a mapping", list: "a list", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


class Entry:
    """One mapping of the input and its location: typed, checked access to its fields."""

    def __init__(self, location, data):
        self.location = location
        self.data = data

    def fail(self, key, problem):
        self.location.fail(key, problem)

    def child(self, key, index, data):
        return Entry(self.location.child(key, index), data)

    def children(self, key, *, required=True):
        return [self.child(key, i, raw) for i, raw in enumerate(self.items(key, required=required))]

    def check_keys(self, allowed, required=()):
        if not isinstance(self.data, dict):
            self.fail(None, f"expected a mapping, got {type_name(self.data)}")
        for key, value in self.data.items():
            if isinstance(key, str):
                self.printable(None if CONTROL_RE.search(key) else key, key)
            if isinstance(value, str):
                self.printable(key, value)
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
        value = self.printable(key, str(value)).strip()
        if required and not value:
            self.fail(key, "must not be empty")
        if max_length and len(value) > max_length:
            self.fail(key, f"is {len(value)} characters long; the limit is {max_length}")
        return value

    def printable(self, key, value):
        control = CONTROL_RE.search(value)
        if control:
            code = ord(control.group())
            code -= STAND_IN if code >= STAND_IN else 0
            self.fail(
                key,
                f"contains the control character U+{code:04X} "
                "(only line breaks and tabs are allowed)",
            )
        return value

    def slug(self, key, *, required=True, max_length=100):
        value = self.text(key, required=required, max_length=max_length)
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

    def string_list(self, key, *, required=True, slugs=False, max_length=200):
        values = []
        for index, item in enumerate(self.items(key, required=required)):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{index}]", f"expected a name, got {item!r}")
            self.printable(f"{key}[{index}]", item)
            if len(item.strip()) > max_length:
                self.fail(f"{key}[{index}]", f"is longer than {max_length} characters")
            if slugs and not SLUG_RE.match(item):
                self.fail(f"{key}[{index}]", f"{item!r} is not a valid identifier")
            values.append(item.strip())
        self.refuse_repeats(key, values, "is listed twice")
        return values

    def refuse_repeats(self, key, values, problem):
        repeated = [value for value, count in Counter(values).items() if count > 1]
        if repeated:
            self.fail(key, f"{repeated[0]!r} {problem}")


def parse_citations(entry, key="citations", *, required=True):
    citations = []
    for item in entry.children(key, required=required):
        item.check_keys(("source", "note"), required=["source"])
        citations.append(
            CitationRecord(
                source=item.slug("source", max_length=200), note=item.text("note", required=False)
            )
        )
    entry.refuse_repeats(key, [c.source for c in citations], "is cited twice")
    return citations


def parse_plan(file, data):
    version = Entry(Location(file, "version"), data.get("version"))
    version.check_keys(VERSION_KEYS, required=VERSION_REQUIRED)
    drafted_by = version.string_list("drafted_by")
    if not drafted_by:
        version.fail("drafted_by", "a version needs at least one drafting party")
    slug = version.slug("slug")
    record = VersionRecord(
        location=version.location,
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

    for item in version.children("dropped", required=False):
        item.check_keys(REMOVAL_KEYS, required=["thread"])
        record.dropped.append(
            RemovalRecord(
                location=item.location,
                thread=item.slug("thread"),
                note=item.text("note", required=False),
                citations=parse_citations(item, required=False),
            )
        )

    provisions = data.get("provisions")
    if not isinstance(provisions, list):
        Location(file, "provisions").fail(None, "expected a list of provisions")
    seen_numbers = {}
    for index, raw in enumerate(provisions, start=1):
        name = entry_name("provision", index, raw.get("number") if isinstance(raw, dict) else None)
        record.provisions.append(parse_provision(Entry(Location(file, name), raw), index))
        number = record.provisions[-1].number
        if number in seen_numbers:
            Location(file, name).fail(
                "number", f"duplicate number {number!r} (also provision #{seen_numbers[number]})"
            )
        if number is not None:
            seen_numbers[number] = index
    return record


def parse_provision(item, index):
    item.check_keys(PROVISION_KEYS, required=PROVISION_REQUIRED)
    number = item.text("number", required=False, max_length=20) or None
    positions = []
    for position in item.children("positions", required=False):
        position.check_keys(("party", "position"), required=("party", "position"))
        positions.append(
            PositionRecord(
                party=position.text("party", max_length=200), position=position.text("position")
            )
        )
    return ProvisionRecord(
        location=item.location,
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


def entry_name(kind, index, name):
    """`source x` for an entry with a usable identifier, else `source #3` (its place)."""
    if isinstance(name, str | int) and not isinstance(name, bool):
        name = str(name).strip()
        if name and len(name) <= 100 and not CONTROL_RE.search(name):
            return f"{kind} {name}"
    return f"{kind} #{index}"


def list_entry(file, kind, key, index, raw):
    name = raw.get(key) if key and isinstance(raw, dict) else None
    return Entry(Location(file, entry_name(kind, index, name)), raw)


def parse_source(file, index, raw):
    item = list_entry(file, "source", "id", index, raw)
    item.check_keys(SOURCE_KEYS, required=SOURCE_REQUIRED)
    url = item.text("url", max_length=2000)
    if not URL_RE.match(url):
        item.fail("url", f"{url!r} is not an http(s) URL")
    return SourceRecord(
        location=item.location,
        slug=item.slug("id", max_length=200),
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
    item = list_entry(file, "thread", "slug", index, raw)
    item.check_keys(THREAD_KEYS, required=("slug", "title"))
    return ThreadRecord(
        location=item.location,
        slug=item.slug("slug"),
        title=item.text("title", max_length=300),
        themes=item.string_list("themes", required=False, slugs=True),
        description=item.text("description", required=False),
    )


def parse_claim(file, index, raw):
    item = list_entry(file, "claim", None, index, raw)
    item.check_keys(CLAIM_KEYS, required=("source", "provision_refs", "claim", "accuracy"))
    refs = []
    for ref in item.children("provision_refs"):
        ref.check_keys(("plan", "number", "thread"), required=["plan"])
        number = ref.text("number", required=False) or None
        thread = ref.slug("thread", required=False)
        if (number is None) == (thread is None):
            ref.fail(None, "give either 'number' (a provision) or 'thread' (a dropped subject)")
        refs.append(ClaimRef(plan=ref.slug("plan"), number=number, thread=thread))
    if not refs:
        item.fail("provision_refs", "a claim must refer to at least one provision")
    return ClaimRecord(
        location=item.location,
        source=item.slug("source", max_length=200),
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


def load_file(path):
    file = Location(str(path))
    try:
        text = path.read_text(encoding="utf-8")
        text = RAW_CONTROL_RE.sub(lambda match: chr(STAND_IN + ord(match.group())), text)
        return yaml.load(text, Loader=DuplicateKeyLoader)
    except DataError as error:
        raise file.error(None, str(error)) from None
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as error:
        raise file.error(None, "not valid YAML: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise file.error(None, "not valid YAML: nested too deeply") from None


def read_bundle(paths):
    bundle = Bundle()
    for path in collect_files(paths):
        file = str(path)
        data = load_file(path)
        if isinstance(data, dict) and "version" in data:
            unknown = set(data) - {"version", "provisions"}
            if unknown:
                Location(file).fail(
                    None, f"unknown top-level key(s): {', '.join(sorted(map(repr, unknown)))}"
                )
            bundle.versions.append(parse_plan(file, data))
            continue
        kind = next((k for k in LIST_FILE_KINDS if path.stem.endswith(k)), None)
        if kind is None:
            Location(file).fail(
                None,
                "not a plan (no 'version:' key) and the name does not end in "
                "sources, threads or commentary",
            )
        if data is None:
            continue
        if not isinstance(data, list):
            Location(file).fail(None, f"a {kind} file must be a list, got {type_name(data)}")
        records = [LIST_PARSERS[kind](file, index, raw) for index, raw in enumerate(data, start=1)]
        getattr(bundle, "claims" if kind == "commentary" else kind).extend(records)
    return bundle
