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

Data only, from versions loading.py fetched; HTML comes from the templates and the tag library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst

from .engines import diffing
from .models import PlanVersion, Provision, Removal, Theme, Thread

# What happened to a row between two versions (pair comparison).
UNCHANGED = "unchanged"
AMENDED = "amended"
ADDED = "added"
REMOVED = "removed"
RENUMBERED = "renumbered"
PAIR_KINDS = [AMENDED, ADDED, REMOVED, RENUMBERED, UNCHANGED]

# What a cell shows against the nearest earlier cell of its row (synoptic table, thread page).
FIRST = "first"  # no earlier version has the subject
REWRITTEN = "rewritten"  # amended, but the texts share too little for an inline diff
ABSENT = "absent"  # not in this version, and not recorded as removed
CHANGED = "changed"  # synoptic row kind: something differs somewhere along the row

KIND_LABELS = {
    UNCHANGED: "Unchanged",
    AMENDED: "Amended",
    ADDED: "Added",
    REMOVED: "Removed",
    RENUMBERED: "Renumbered",
    FIRST: "First appearance",
    REWRITTEN: "Rewritten",
    ABSENT: "Not in this version",
    CHANGED: "Changed",
}


def normalise(text):
    """Text for equality tests: whitespace never counts as a change."""
    return " ".join(text.split())


@dataclass(eq=False)
class Cell:
    """What one version holds for one row: provisions and/or explicit removals."""

    version: PlanVersion
    provisions: list[Provision] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    # Filled in by relate_cells (synoptic table, thread page): relation to `previous`.
    kind: str = ""
    previous: Cell | None = None
    pieces: list[diffing.Piece] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)
    labelled: bool = False  # several provisions in some cell of the row: texts carry labels

    @property
    def present(self):
        return bool(self.provisions)

    @property
    def numbers(self):
        return [provision.number for provision in self.provisions]

    @property
    def number_label(self):
        return ", ".join(number or "–" for number in self.numbers)

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
        return [c for item in [*self.provisions, *self.removals] for c in item.citations.all()]

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
    def kind_label(self):
        return KIND_LABELS.get(self.kind, "")


@dataclass(eq=False)
class Row:
    """One subject (one group of threads, or one provision without a thread) across versions."""

    anchor: str  # "t-<first thread's slug>", or "p-<version>-<provision anchor>"
    threads: list[Thread]
    cells: list[Cell]
    kind: str = ""
    hidden: bool = False

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

    @property
    def themes(self):
        slugs = {theme.slug for thread in self.threads for theme in thread.themes.all()}
        for cell in self.cells:
            for provision in cell.provisions:
                slugs.update(theme.slug for theme in provision.themes.all())
        return sorted(slugs)

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def pieces(self):
        """Pair: the word diff from the first cell to the second (empty if rewritten)."""
        return self.cells[-1].pieces

    @property
    def figures(self):
        """Pair: the figures that changed from the first cell to the second."""
        return self.cells[-1].figures

    @property
    def rewritten(self):
        """Pair: amended, but the texts share too little for an inline diff."""
        return self.cells[-1].kind == REWRITTEN

    @property
    def renumbered(self):
        """Both versions have the subject under different numbers (pair comparison)."""
        first, second = self.cells[0], self.cells[-1]
        return first.present and second.present and first.numbers != second.numbers

    @property
    def citations(self):
        return [citation for cell in self.cells for citation in cell.citations]

    @property
    def figure_changes(self):
        """Synoptic: [(cell, figures)] for every cell whose figures differ from the previous."""
        return [(cell, cell.figures) for cell in self.cells if cell.figures]

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

    @property
    def themed_rows(self):
        """Rows that pass the theme filter (the counts are over these)."""
        return [row for row in self.rows if row.matches(self.selected_themes)]

    @property
    def visible_rows(self):
        return [row for row in self.rows if not row.hidden]

    @property
    def counts(self):
        kinds = [CHANGED, UNCHANGED] if self.synoptic else PAIR_KINDS
        themed = self.themed_rows
        return [
            (kind, KIND_LABELS[kind], sum(row.kind == kind for row in themed)) for kind in kinds
        ]

    @property
    def rewritten_count(self):
        return sum(row.rewritten for row in self.themed_rows)

    @property
    def figure_rows(self):
        if self.synoptic:
            return [row for row in self.rows if row.figure_changes]
        return [row for row in self.rows if row.figures]

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


class _ThreadGroups:
    """Union-find over thread ids: threads sharing a provision end up in one group."""

    def __init__(self):
        self.parent = {}

    def add(self, thread_id):
        self.parent.setdefault(thread_id, thread_id)

    def find(self, thread_id):
        root = thread_id
        while self.parent[root] != root:
            root = self.parent[root]
        self.parent[thread_id] = root
        return root

    def join(self, thread_ids):
        for thread_id in thread_ids:
            self.add(thread_id)
        roots = {self.find(thread_id) for thread_id in thread_ids}
        if len(roots) > 1:
            keep = min(roots)
            for root in roots:
                self.parent[root] = keep


def _merge_order(order, sequence):
    """Insert the keys of `sequence` not yet in `order`, each right after its predecessor
    in `sequence`, so every version's own order is kept where it does not conflict."""
    placed = set(order)
    previous = None
    for key in sequence:
        if key not in placed:
            index = order.index(previous) + 1 if previous is not None else 0
            order.insert(index, key)
            placed.add(key)
        previous = key


def build_rows(versions):
    """Rows aligned by thread, cells in the order of `versions`."""
    groups = _ThreadGroups()
    for version in versions:
        for provision in version.provisions.all():
            groups.join([thread.pk for thread in provision.threads.all()])
        for removal in version.removals.all():
            groups.add(removal.thread_id)

    cells = {}  # row key -> {version index -> Cell}
    threads = {}  # row key -> {thread id -> Thread}, in order of first appearance
    sequences = []
    for index, version in enumerate(versions):
        sequence = []
        for provision in version.provisions.all():
            row_threads = list(provision.threads.all())
            if row_threads:
                key = groups.find(row_threads[0].pk)
            else:
                key = f"p-{version.slug}-{provision.anchor}"
            _cell(cells, key, index, version).provisions.append(provision)
            threads.setdefault(key, {}).update((t.pk, t) for t in row_threads)
            sequence.append(key)
        for removal in version.removals.all():
            key = groups.find(removal.thread_id)
            _cell(cells, key, index, version).removals.append(removal)
            threads.setdefault(key, {})[removal.thread_id] = removal.thread
        sequences.append(sequence)

    order = []
    for sequence in sequences:
        _merge_order(order, sequence)
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


def _same_text(old, new):
    return normalise(old.plain_text) == normalise(new.plain_text)


def relate_cells(cells):
    """Mark each cell against the nearest earlier cell holding the subject, diffing the two."""
    previous = None
    for cell in cells:
        if not cell.present:
            cell.kind = REMOVED if cell.removals else ABSENT
            continue
        cell.previous = previous
        if previous is None:
            cell.kind = FIRST
        elif _same_text(previous, cell):
            cell.kind = RENUMBERED if previous.numbers != cell.numbers else UNCHANGED
        elif diffing.is_rewrite(previous.text, cell.text):
            cell.kind = REWRITTEN
        else:
            cell.kind = AMENDED
            cell.pieces = diffing.diff_words(previous.text, cell.text)
            cell.figures = diffing.changed_figures(previous.text, cell.text)
        previous = cell


def _classify_pair(row):
    """The pair's change is what the second cell is, related to the first."""
    relate_cells(row.cells)
    old, new = row.cells
    if new.kind == FIRST:
        row.kind = ADDED
    elif new.kind == ABSENT:
        # Neither side holds the subject, or only the older one: a plain absence on the
        # newer side is a removal when the older side had the subject.
        row.kind = REMOVED if old.present else UNCHANGED
    elif new.kind == REWRITTEN:
        row.kind = AMENDED
    else:
        row.kind = new.kind


def _classify_synoptic(row):
    relate_cells(row.cells)
    # "Unchanged" means the text never changed where it appears and no version records its
    # removal. A plain absence is not a change: partial and reported texts omit many subjects.
    steady = all(cell.kind in (FIRST, UNCHANGED, ABSENT) for cell in row.cells)
    row.kind = UNCHANGED if steady else CHANGED


def compare(versions, themes, selected_themes, changed_only, synoptic):
    """The comparison of loaded `versions` (see loading.py), classified and filtered."""
    rows = build_rows(versions)
    classify = _classify_synoptic if synoptic else _classify_pair
    for row in rows:
        classify(row)
        hidden_kind = changed_only and row.kind == UNCHANGED
        row.hidden = not row.matches(selected_themes) or hidden_kind
    return Comparison(versions, rows, themes, selected_themes, changed_only, synoptic)
