"""Read the YAML files of the import format (fixtures/README.md) and validate them into records."""

from pathlib import Path

import yaml

from ..models import Accuracy, Completeness, ProvisionStatus, SourceKind, Stage, TextBasis
from .fields import CONTROL_RE, RAW_CONTROL_RE, STAND_IN, URL_RE, Entry, type_name
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
    ThemeRecord,
    ThreadRecord,
    VersionRecord,
)

LIST_FILE_KINDS = ("sources", "themes", "threads", "commentary")
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
THEME_KEYS = ("slug", "name", "description")
THREAD_KEYS = ("slug", "title", "themes", "description")
CLAIM_KEYS = ("source", "provision_refs", "claim", "accuracy", "note")


class DuplicateKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader (libyaml's when installed: several times faster) that refuses a mapping
    with the same key twice (PyYAML keeps the last)."""


def _construct_mapping(loader, node, deep=False):
    keys = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise DataError(f"line {key_node.start_mark.line + 1}: key {key!r} appears twice")
        keys.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


DuplicateKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


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
        provision = parse_provision(Entry(Location(file, name), raw), index)
        if provision.number in seen_numbers:
            provision.location.fail(
                "number",
                f"duplicate number {provision.number!r} "
                f"(also provision #{seen_numbers[provision.number]})",
            )
        if provision.number is not None:
            seen_numbers[provision.number] = index
        record.provisions.append(provision)
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


def parse_theme(file, index, raw):
    item = list_entry(file, "theme", "slug", index, raw)
    item.check_keys(THEME_KEYS, required=("slug", "name"))
    return ThemeRecord(
        location=item.location,
        slug=item.slug("slug", max_length=60),
        name=item.text("name", max_length=100),
        description=item.text("description", required=False),
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


LIST_PARSERS = {
    "sources": parse_source,
    "themes": parse_theme,
    "threads": parse_thread,
    "commentary": parse_claim,
}


def collect_files(paths):
    files = []
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        elif path.is_file():
            files.append(path)
        else:
            Location(str(raw_path)).fail(None, "no such file or folder")
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
                "sources, themes, threads or commentary",
            )
        if data is None:
            continue
        if not isinstance(data, list):
            Location(file).fail(None, f"a {kind} file must be a list, got {type_name(data)}")
        records = [LIST_PARSERS[kind](file, index, raw) for index, raw in enumerate(data, start=1)]
        getattr(bundle, "claims" if kind == "commentary" else kind).extend(records)
    return bundle
