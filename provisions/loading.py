"""What the reading pages and their JSON show, loaded from the database: a pair of versions,
a synoptic table, and one thread's trail through every version.

Each loader validates its request parameters (forms.py), runs a fixed number of queries
(the query shapes are QuerySet methods in models.py; the contents of a comparison or a
thread come from lean.py) and hands the objects to comparison.py.
"""

from dataclasses import dataclass

from . import forms, lean, relating
from .comparison import Cell, compare
from .engines import baselines
from .models import PlanVersion, Theme, Thread


def _filters(params):
    themes = list(Theme.objects.all())
    selected = forms.read_themes(params, {theme.slug for theme in themes})
    return themes, selected, forms.read_changed_only(params)


def pair_comparison(first_slug, second_slug, params):
    """Two versions side by side; `params` is the request's query dict."""
    filters = _filters(params)
    forms.check_pair_slugs(first_slug, second_slug)
    slugs = [first_slug, second_slug]
    found = {v.slug: v for v in PlanVersion.objects.for_comparison().filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in found:
            raise forms.RequestError(f"There is no version “{slug}”.", 404)
    versions = [found[slug] for slug in slugs]
    contents = lean.load_contents(versions)
    lineage = PlanVersion.objects.lineage()
    return compare(versions, contents, *filters, synoptic=False, based_on=lineage)


def synoptic_comparison(slugs, params):
    """The synoptic table of the versions named by `slugs` (v= parameters), in date order
    whatever order they came in."""
    filters = _filters(params)
    forms.check_version_slugs(slugs)
    versions = list(PlanVersion.objects.for_comparison().filter(slug__in=slugs).in_date_order())
    found = {version.slug for version in versions}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise forms.RequestError(f"There is no version “{unknown[0]}”.")
    base = forms.read_base(params, versions)
    contents = lean.load_contents(versions)
    lineage = PlanVersion.objects.lineage()
    return compare(versions, contents, *filters, synoptic=True, based_on=lineage, base=base)


def pair_slugs_in_date_order(slugs):
    """For two valid v= slugs, the pair in date order (the picker's two-version shortcut)."""
    if len(slugs) != 2 or slugs[0] == slugs[1]:
        return None
    ordered = list(
        PlanVersion.objects.filter(slug__in=slugs).in_date_order().values_list("slug", flat=True)
    )
    return ordered if len(ordered) == 2 else None


@dataclass
class ThreadTrail:
    """One subject's trail through the versions (not to be confused with the edit history)."""

    thread: Thread
    cells: list[Cell]  # one per version, in date order
    base: PlanVersion | None = None

    @property
    def entries(self):
        """The versions that hold the subject or record removing it."""
        return [cell for cell in self.cells if cell.present or cell.removals]

    @property
    def holding(self):
        return [cell.version for cell in self.cells if cell.present]

    def _absent(self, status):
        return [cell.version for cell in self.cells if cell.status == status]

    @property
    def not_in_text(self):
        """Complete texts without the subject."""
        return self._absent(baselines.NOT_IN_TEXT)

    @property
    def not_reported(self):
        """Partial texts whose known parts do not mention the subject."""
        return self._absent(baselines.NOT_REPORTED)

    @property
    def synoptic_url(self):
        """The synoptic table of the versions holding the subject, scrolled to its row."""
        if len(self.holding) < 2:
            return ""
        return f"{forms.synoptic_url(self.holding)}#t-{self.thread.slug}"


def thread_trail(thread, params=None):
    """Every version, in date order, each related to its base for `thread` (see relating.py);
    `params` may fix the base (?base=)."""
    versions = list(PlanVersion.objects.with_base().in_date_order())
    contents = lean.load_contents(versions, claims=True, thread=thread.pk)
    row = [
        Cell(version, contents[version.pk].provisions, contents[version.pk].removals)
        for version in versions
    ]
    labelled = any(len(cell.provisions) > 1 for cell in row)
    for cell in row:
        cell.labelled = labelled
    base = forms.read_base(params, versions) if params is not None else None
    relating.relate_cells(row, versions, PlanVersion.objects.lineage(), base and base.slug)
    return ThreadTrail(thread, row, base)


@dataclass
class PairNeighbours:
    """The pairs before and after a pair in the chain of revisions (each version against the
    one it revises, in date order): (older, newer) tuples, or None."""

    previous: tuple[PlanVersion, PlanVersion] | None
    next: tuple[PlanVersion, PlanVersion] | None


def pair_neighbours(first, second):
    revisions = PlanVersion.objects.filter(based_on__isnull=False).with_base()
    chain = [(version.based_on, version) for version in revisions.in_date_order()]
    keys = [(older.pk, newer.pk) for older, newer in chain]
    if (first.pk, second.pk) not in keys:
        # Not a revision pair: lead into the chain from the newer side's own pair.
        own = next((pair for pair in chain if pair[1].pk == second.pk), None)
        return PairNeighbours(None, own)
    index = keys.index((first.pk, second.pk))
    return PairNeighbours(
        chain[index - 1] if index > 0 else None,
        chain[index + 1] if index + 1 < len(chain) else None,
    )
