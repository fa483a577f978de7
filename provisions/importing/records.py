"""The validated content of the input files, free of database ids, and where each part came from."""

import datetime
from dataclasses import dataclass, field


class DataError(Exception):
    """A problem in the input files; its message is one line for the user."""


@dataclass(frozen=True)
class Location:
    """A place in the input: a file and, inside it, an entry (e.g. `provision 6`).

    Every error message is built here, so that each names the file, the entry and the field.
    """

    file: str
    entry: str | None = None

    def error(self, key, problem):
        parts = [self.file, self.entry, f"field '{key}'" if key else None, problem]
        return DataError(": ".join(part for part in parts if part))

    def fail(self, key, problem):
        raise self.error(key, problem)

    def child(self, key, index):
        """The location of item `index` of the list under `key` (e.g. `citations[2]`)."""
        return Location(self.file, f"{self.entry}, {key}[{index}]")


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
    location: Location
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
    location: Location
    thread: str
    note: str
    citations: list[CitationRecord]


@dataclass
class VersionRecord:
    location: Location
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
    location: Location
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
class ThemeRecord:
    location: Location
    slug: str
    name: str
    description: str


@dataclass
class ThreadRecord:
    location: Location
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
    location: Location
    source: str
    refs: list[ClaimRef]
    claim: str
    accuracy: str
    note: str


@dataclass
class Bundle:
    versions: list[VersionRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    themes: list[ThemeRecord] = field(default_factory=list)
    threads: list[ThreadRecord] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)
