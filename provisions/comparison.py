"""Comparisons of plan versions: the glue between the models and the diff engine.

Rows are aligned by thread (the subject a provision addresses), never by point
number: US point 6 and E3 point 6 share a row because both serve the thread
"armed-forces-cap", and a point renumbered from 7 to 9 stays in its row.

Threads and provisions are not one-to-one. A provision may serve several
threads (a later draft merged two points) and a thread may be served by
several provisions of one version (a draft split a point). Threads that share
a provision in any of the compared versions are grouped into one row, so no
provision appears twice and none is lost; a cell holding several provisions
shows each with its label. Provisions without a thread get rows of their own.

This module builds data only. HTML comes from the templates and, for diffs,
from the engine's escaping renderers (see provisions_tags).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse

from .engines import diffing
from .models import Citation, Claim, PlanVersion, Provision, Removal, Theme, Thread

MAX_VERSIONS = 12

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

TRUE_VALUES = {"1", "on", "true", "yes"}


class ComparisonError(Exception):
    """A request for a comparison that cannot be made; the message says why."""

    status = 400


class VersionNotFound(ComparisonError):
    status = 404


def normalise(text):
    """Text for equality tests: whitespace never counts as a change."""
    return " ".join(text.split())


def provision_heading(provision):
    return f"Point {provision.number}" if provision.number else "Unnumbered point"


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
        return "\n\n".join(f"{provision_heading(p)}\n{p.text}" for p in self.provisions)

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
    rewritten: bool = False
    pieces: list[diffing.Piece] = field(default_factory=list)  # pair: first cell -> second
    figures: list[tuple[str, str]] = field(default_factory=list)  # pair: first -> second
    hidden: bool = False

    @property
    def extra_anchors(self):
        return [f"t-{thread.slug}" for thread in self.threads[1:]]

    @property
    def title(self):
        if self.threads:
            return " / ".join(thread.title for thread in self.threads)
        cell = next(cell for cell in self.cells if cell.present)
        return f"{provision_heading(cell.provisions[0])} of {cell.version.short_name}"

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


# -- Loading ---------------------------------------------------------------------------------


def read_filters(params):
    """The theme filter and hide-unchanged toggle from a query dict; unknown themes are errors."""
    all_themes = list(Theme.objects.all())
    known = {theme.slug for theme in all_themes}
    selected = list(dict.fromkeys(params.getlist("theme")))
    unknown = [slug for slug in selected if slug not in known]
    if unknown:
        raise ComparisonError(f"There is no theme “{unknown[0]}”. Choose one from the list.")
    changed_only = params.get("changed", "").lower() in TRUE_VALUES
    return all_themes, selected, changed_only


def load_pair(first_slug, second_slug):
    if first_slug == second_slug:
        raise ComparisonError(
            f"Both sides are “{first_slug}”: choose two different versions to compare."
        )
    found = {
        v.slug: v
        for v in PlanVersion.objects.for_comparison().filter(slug__in=[first_slug, second_slug])
    }
    for slug in (first_slug, second_slug):
        if slug not in found:
            raise VersionNotFound(f"There is no version “{slug}”.")
    return [found[first_slug], found[second_slug]]


def check_slugs(slugs):
    if len(slugs) < 2:
        raise ComparisonError(
            "A comparison needs at least two versions: add a v= parameter for each "
            f"(got {len(slugs)})."
        )
    if len(slugs) > MAX_VERSIONS:
        raise ComparisonError(
            f"A comparison can show at most {MAX_VERSIONS} versions (got {len(slugs)})."
        )
    repeated = next((slug for slug in slugs if slugs.count(slug) > 1), None)
    if repeated:
        raise ComparisonError(f"The version “{repeated}” is listed twice; list each version once.")


def load_many(slugs):
    """The versions named by v= parameters, in date order whatever order they came in."""
    check_slugs(slugs)
    versions = list(PlanVersion.objects.for_comparison().filter(slug__in=slugs).in_date_order())
    found = {version.slug for version in versions}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ComparisonError(f"There is no version “{unknown[0]}”.")
    return versions


def pair_slugs_in_date_order(slugs):
    """For two valid v= slugs, the pair in date order (the picker's two-version shortcut)."""
    if len(slugs) != 2 or slugs[0] == slugs[1]:
        return None
    ordered = list(
        PlanVersion.objects.filter(slug__in=slugs).in_date_order().values_list("slug", flat=True)
    )
    return ordered if len(ordered) == 2 else None


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
        row.kind, row.rewritten = AMENDED, True
    else:
        row.kind, row.pieces, row.figures = new.kind, new.pieces, new.figures


def _classify_synoptic(row):
    relate_cells(row.cells)
    # "Unchanged" means the text never changed where it appears and no version records its
    # removal. A plain absence is not a change: partial and reported texts omit many subjects.
    steady = all(cell.kind in (FIRST, UNCHANGED, ABSENT) for cell in row.cells)
    row.kind = UNCHANGED if steady else CHANGED


def _apply_filters(rows, selected_themes, changed_only):
    for row in rows:
        row.hidden = not row.matches(selected_themes) or (changed_only and row.kind == UNCHANGED)


def pair_comparison(first_slug, second_slug, params):
    """Two versions side by side; `params` is the request's query dict."""
    all_themes, selected, changed_only = read_filters(params)
    versions = load_pair(first_slug, second_slug)
    rows = build_rows(versions)
    for row in rows:
        _classify_pair(row)
    _apply_filters(rows, selected, changed_only)
    return Comparison(versions, rows, all_themes, selected, changed_only, synoptic=False)


def synoptic_comparison(slugs, params):
    """The synoptic table of the versions named by `slugs` (v= parameters)."""
    all_themes, selected, changed_only = read_filters(params)
    versions = load_many(slugs)
    rows = build_rows(versions)
    for row in rows:
        _classify_synoptic(row)
    _apply_filters(rows, selected, changed_only)
    return Comparison(versions, rows, all_themes, selected, changed_only, synoptic=True)


# -- One thread through every version ---------------------------------------------------------


@dataclass
class ThreadHistory:
    thread: Thread
    cells: list[Cell]
    absent_from: list[PlanVersion]

    @property
    def holding(self):
        return [cell.version for cell in self.cells if cell.present]

    @property
    def compare_url(self):
        """The synoptic table of the versions holding the subject, scrolled to its row."""
        if len(self.holding) < 2:
            return ""
        return f"{synoptic_url(self.holding)}#t-{self.thread.slug}"


def thread_history(thread):
    """Every version that holds or removed `thread`, in date order, each diffed against the
    nearest earlier one holding it."""
    claims = Prefetch("claims", queryset=Claim.objects.select_related("source"))
    provisions = (
        Provision.objects.filter(threads=thread)
        .for_display()
        .prefetch_related(claims)
        .select_related("version")
    )
    removals = (
        Removal.objects.filter(thread=thread)
        .select_related("version")
        .prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source")), claims
        )
    )
    versions = list(PlanVersion.objects.in_date_order())
    cells = {version.pk: Cell(version) for version in versions}
    for provision in provisions:
        cells[provision.version_id].provisions.append(provision)
    for removal in removals:
        cells[removal.version_id].removals.append(removal)
    held = [cell for cell in cells.values() if cell.provisions or cell.removals]
    labelled = any(len(cell.provisions) > 1 for cell in held)
    for cell in held:
        cell.labelled = labelled
    relate_cells(held)
    absent = [cell.version for cell in cells.values() if not (cell.provisions or cell.removals)]
    return ThreadHistory(thread, held, absent)


# -- Links and exports ------------------------------------------------------------------------


def synoptic_url(versions, themes=()):
    """The synoptic table of `versions` (the latest MAX_VERSIONS of them), optionally themed."""
    slugs = [version.slug for version in versions][-MAX_VERSIONS:]
    query = urlencode([("v", slug) for slug in slugs] + [("theme", slug) for slug in themes])
    return f"{reverse('provisions:compare_many')}?{query}"


def _csv_safe(value):
    # A spreadsheet runs a cell starting with "=", "+", "-" or "@" as a formula; a leading
    # apostrophe makes it text (a Markdown list item starts with "- ").
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_cell_text(cell):
    if cell.present:
        return cell.text
    return "\n".join(f"Removed: {removal.note}".strip() for removal in cell.removals)


def _csv_citations(row):
    sources = {citation.source.pk: citation.source for citation in row.citations}
    return "\n".join(f"{source.publisher}: {source.url}" for source in sources.values())


def csv_table(comparison):
    """Header and rows of the CSV export: one row per visible row of the comparison."""
    header = ["Subject", "Threads", "Change"]
    for version in comparison.versions:
        header += [f"{version.short_name}: number", f"{version.short_name}: text"]
        if comparison.synoptic:
            header.append(f"{version.short_name}: change")
    header += ["Changed figures", "Citations"]
    table = [header]
    for row in comparison.visible_rows:
        line = [row.title, " ".join(thread.slug for thread in row.threads), row.kind_label]
        for cell in row.cells:
            line += [cell.number_label, _csv_cell_text(cell)]
            if comparison.synoptic:
                line.append(cell.kind_label)
        if comparison.synoptic:
            figures = [
                f"{cell.version.short_name}: {old} → {new}"
                for cell, pairs in row.figure_changes
                for old, new in pairs
            ]
        else:
            figures = [f"{old} → {new}" for old, new in row.figures]
        line += ["; ".join(figures), _csv_citations(row)]
        table.append([_csv_safe(value) for value in line])
    return table


def csv_filename(comparison):
    slugs = [version.slug for version in comparison.versions]
    if comparison.synoptic:
        return f"plancompare-{len(slugs)}-versions.csv"
    return f"plancompare-{slugs[0]}-vs-{slugs[1]}.csv"
