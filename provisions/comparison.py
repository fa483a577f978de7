"""What a comparison is (Cell, Row, Comparison) and how its rows are built and classified.

Rows are aligned by thread (the subject a provision addresses), never by point
number: US point 6 and E3 point 6 share a row because both serve the thread
"armed-forces-cap", and a point renumbered from 7 to 9 stays in its row.

Threads and provisions are not one-to-one. A provision may serve several
threads (a later draft merged two points) and a thread may be served by
several provisions of one version (a draft split a point). Threads that share
a provision in any of the compared versions are grouped into one row, so no
provision appears twice and none is lost; a cell holding several provisions
shows each with its label. Provisions without a thread get rows of their own.

Each cell is related to its base by relating.py (which text it is compared with, and what it
then is: see engines/baselines.py). Data only, from versions loading.py fetched; HTML comes
from the templates and the tag library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.utils.text import capfirst

from . import relating
from .engines import baselines, changes, diffing
from .engines.baselines import (
    ADDED,
    AMENDED,
    NOT_COMPARED,
    NOT_REPORTED,
    REMOVED,
    REPORTED_DIFFERENTLY,
    REWRITTEN,
    UNCHANGED,
)
from .models import PlanVersion, Theme
from .row_order import ThreadGroups, merge_order

if TYPE_CHECKING:
    from .lean import LeanProvision, LeanRemoval, LeanThread
    from .models import Provision, Removal

# What happened to a row between two versions (pair comparison): the second cell's status
# against the first, a rewrite counting as amended (the page marks it) and a same text under
# another number as renumbered.
RENUMBERED = "renumbered"
PAIR_KINDS = [
    AMENDED,
    REPORTED_DIFFERENTLY,
    ADDED,
    REMOVED,
    NOT_REPORTED,
    NOT_COMPARED,
    RENUMBERED,
    UNCHANGED,
]
CHANGED = "changed"  # synoptic row kind: something changes somewhere along the row

KIND_LABELS = {**baselines.LABELS, RENUMBERED: "Renumbered", CHANGED: "Changed"}


def unique_citations(items):
    """The citations of `items` (provisions, removals), each source once: two links in one
    place never read the same."""
    seen, citations = set(), []
    for item in items:
        for citation in item.citations.all():
            if citation.source_id not in seen:
                seen.add(citation.source_id)
                citations.append(citation)
    return citations


@dataclass(eq=False)
class Cell:
    """What one version holds for one row: provisions and/or explicit removals."""

    version: PlanVersion
    provisions: list[Provision | LeanProvision] = field(default_factory=list)
    removals: list[Removal | LeanRemoval] = field(default_factory=list)
    # Filled in by relating.relate_cells: the text it is compared with and what it then is.
    status: str = ""
    baseline: baselines.Baseline | None = None
    base: Cell | None = None
    base_note: str = ""
    pieces: list[diffing.Piece] = field(default_factory=list)
    changes: list[changes.Change] = field(default_factory=list)
    labelled: bool = False  # several provisions in some cell of the row: texts carry labels

    @property
    def present(self):
        return bool(self.provisions)

    @property
    def numbers(self):
        return [provision.number for provision in self.provisions]

    @property
    def number_label(self):
        """The point numbers, "; "-separated; an unnumbered point has none."""
        return "; ".join(number for number in self.numbers if number)

    @property
    def plain_text(self):
        return "\n\n".join(provision.text for provision in self.provisions)

    @property
    def text(self):
        """The text that is diffed: with a heading per provision when the row needs them."""
        if not self.labelled:
            return self.plain_text
        return "\n\n".join(f"{capfirst(p.label)}\n{p.text}" for p in self.provisions)

    @property
    def citations(self):
        return unique_citations([*self.provisions, *self.removals])

    @property
    def claims(self):
        seen, claims = set(), []
        for item in [*self.provisions, *self.removals]:
            for claim in item.claims.all():
                if claim.pk not in seen:
                    seen.add(claim.pk)
                    claims.append(claim)
        return claims

    @property
    def status_label(self):
        return KIND_LABELS.get(self.status, "")

    @property
    def symbol(self):
        return baselines.SYMBOLS.get(self.status, "")

    @property
    def renumbered(self):
        return relating.renumbered(self)


@dataclass(eq=False)
class Row:
    """One subject (one group of threads, or one provision without a thread) across versions."""

    anchor: str  # "t-<first thread's slug>", or "p-<version>-<provision anchor>"
    threads: list[LeanThread]
    cells: list[Cell]
    kind: str = ""
    hidden: bool = False

    @property
    def key(self):
        """The anchor without its "t-": cell ids are "c-<key>-<version slug>"."""
        return self.anchor.removeprefix("t-")

    @property
    def extra_anchors(self):
        return [f"t-{thread.slug}" for thread in self.threads[1:]]

    @property
    def title(self):
        if self.threads:
            return " / ".join(thread.title for thread in self.threads)
        cell = next(cell for cell in self.cells if cell.present)
        return f"{capfirst(cell.provisions[0].label)} of {cell.version.short_name}"

    @property
    def unaligned(self):
        return not self.threads

    @cached_property
    def themes(self):
        slugs = {slug for thread in self.threads for slug in thread.theme_slugs}
        for cell in self.cells:
            for provision in cell.provisions:
                slugs.update(theme.slug for theme in provision.themes)
        return sorted(slugs)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def symbol(self):
        return baselines.SYMBOLS.get(self.kind, "")

    @property
    def changed(self):
        return self.kind != UNCHANGED

    @property
    def pieces(self):
        """Pair: the word diff from the first cell to the second (empty unless amended)."""
        return self.cells[-1].pieces

    @property
    def changes(self):
        """Pair: what changed from the first cell to the second."""
        return self.cells[-1].changes

    @property
    def rewritten(self):
        """Pair: amended, but the texts share too little for an inline diff."""
        return self.cells[-1].status == REWRITTEN

    @property
    def renumbered(self):
        """Both versions have the subject under different numbers (pair comparison)."""
        first, second = self.cells[0], self.cells[-1]
        return first.present and second.present and first.numbers != second.numbers

    @property
    def citations(self):
        return unique_citations(
            [item for cell in self.cells for item in [*cell.provisions, *cell.removals]]
        )

    @property
    def change_notes(self):
        """[(cell, changes)] for every cell with "What changed" notes against its base."""
        return [(cell, cell.changes) for cell in self.cells if cell.changes]

    def matches(self, themes):
        return not themes or bool(set(themes) & set(self.themes))


@dataclass
class Comparison:
    versions: list[PlanVersion]
    rows: list[Row]
    all_themes: list[Theme]
    selected_themes: list[str]
    changed_only: bool
    synoptic: bool
    base: PlanVersion | None = None  # the fixed base (?base=), if any

    @property
    def visible_rows(self):
        """The rows the filters show: counts and notes are about these."""
        return [row for row in self.rows if not row.hidden]

    @property
    def counts(self):
        kinds = [CHANGED, UNCHANGED] if self.synoptic else PAIR_KINDS
        shown = self.visible_rows
        return [(kind, KIND_LABELS[kind], sum(row.kind == kind for row in shown)) for kind in kinds]

    @property
    def amended_count(self):
        return sum(row.kind == AMENDED for row in self.visible_rows)

    @property
    def rewritten_count(self):
        return sum(row.rewritten for row in self.visible_rows)

    @property
    def change_rows(self):
        """Rows with "What changed" notes, hidden ones included (the page's script may show
        them); `has_visible_changes` says whether the section has anything to show."""
        if self.synoptic:
            return [row for row in self.rows if row.change_notes]
        return [row for row in self.rows if row.changes]

    @property
    def has_visible_changes(self):
        return any(not row.hidden for row in self.change_rows)

    @property
    def selected_theme_names(self):
        return [theme.name for theme in self.all_themes if theme.slug in self.selected_themes]

    @property
    def offered_themes(self):
        """Themes the filter offers: those some row has, and any already selected."""
        present = {slug for row in self.rows for slug in row.themes}
        return [
            theme
            for theme in self.all_themes
            if theme.slug in present or theme.slug in self.selected_themes
        ]

    @property
    def first(self):
        return self.versions[0]

    @property
    def second(self):
        return self.versions[1]

    @property
    def backwards(self):
        """A pair given newest first: the page says so, since "added" then means "dropped later"."""
        return not self.synoptic and (self.first.published, self.first.pk) > (
            self.second.published,
            self.second.pk,
        )


# -- Building rows ---------------------------------------------------------------------------


def build_rows(versions, contents):
    """Rows aligned by thread, cells in the order of `versions`; `contents` maps each
    version's pk to its provisions.lean.VersionContents."""
    groups = ThreadGroups()
    for version in versions:
        for provision in contents[version.pk].provisions:
            groups.join([thread.pk for thread in provision.threads])
        for removal in contents[version.pk].removals:
            groups.add(removal.thread_id)

    cells = {}  # row key -> {version index -> Cell}
    threads = {}  # row key -> {thread id -> LeanThread}, in order of first appearance
    sequences = []
    for index, version in enumerate(versions):
        sequence = []
        for provision in contents[version.pk].provisions:
            row_threads = provision.threads
            if row_threads:
                key = groups.find(row_threads[0].pk)
            else:
                key = f"p-{version.slug}-{provision.anchor}"
            _cell(cells, key, index, version).provisions.append(provision)
            threads.setdefault(key, {}).update((t.pk, t) for t in row_threads)
            sequence.append(key)
        for removal in contents[version.pk].removals:
            key = groups.find(removal.thread_id)
            _cell(cells, key, index, version).removals.append(removal)
            threads.setdefault(key, {})[removal.thread_id] = removal.thread
        sequences.append(sequence)

    order = []
    for sequence in sequences:
        merge_order(order, sequence)
    # Subjects that only removals mention have no position of their own: they go last.
    placed = set(order)
    order.extend(key for key in cells if key not in placed)

    rows = []
    for key in order:
        row_threads = list(threads[key].values())
        by_index = cells[key]
        row_cells = [by_index.get(i) or Cell(version) for i, version in enumerate(versions)]
        labelled = any(len(cell.provisions) > 1 for cell in row_cells)
        for cell in row_cells:
            cell.labelled = labelled
        anchor = f"t-{row_threads[0].slug}" if row_threads else key
        rows.append(Row(anchor=anchor, threads=row_threads, cells=row_cells))
    return rows


def _cell(cells, key, index, version):
    return cells.setdefault(key, {}).setdefault(index, Cell(version))


def _pair_kind(row):
    """The pair's change: the second cell's status against the first."""
    old, new = row.cells
    if not (old.present or new.present):
        return UNCHANGED  # only a removal recorded earlier mentions the subject
    if new.renumbered:
        return RENUMBERED
    return AMENDED if new.status == REWRITTEN else new.status


def _synoptic_kind(row):
    # A plain absence is not a change: partial and reported texts omit many subjects.
    return CHANGED if baselines.row_changed(row.cells) else UNCHANGED


def compare(
    versions, contents, themes, selected_themes, changed_only, synoptic, based_on, base=None
):
    """The comparison of `versions` holding `contents` (see loading.py), related and filtered.

    `based_on` maps every version's slug to the one it revises; `base` is a fixed base
    (a PlanVersion among `versions`) or None. A pair is always compared with its first side.
    """
    rows = build_rows(versions, contents)
    if not synoptic:
        base = versions[0]
    names = {party.name for version in versions for party in version.drafted_by.all()}
    lineages = relating.lineages(versions, based_on)
    base_slug = base and base.slug
    for row in rows:
        relating.relate_cells(row.cells, versions, based_on, base_slug, names, lineages)
        if not synoptic:
            for cell in row.cells:
                cell.base_note = ""  # a pair's columns say it: the first side is the base
        row.kind = _synoptic_kind(row) if synoptic else _pair_kind(row)
        hidden_kind = changed_only and row.kind == UNCHANGED
        row.hidden = not row.matches(selected_themes) or hidden_kind
    fixed = base if synoptic else None
    return Comparison(versions, rows, themes, selected_themes, changed_only, synoptic, fixed)
