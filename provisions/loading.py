"""What the reading pages and their JSON show, loaded from the database: a pair of versions,
a synoptic table, and one thread's trail through every version.

Each loader validates its request parameters (forms.py), runs a fixed number of queries
(the query shapes are QuerySet methods in models.py) and hands the objects to comparison.py.
"""

from dataclasses import dataclass

from . import forms
from .comparison import Cell, compare, relate_cells
from .models import PlanVersion, Provision, Removal, Theme, Thread


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
    return compare([found[slug] for slug in slugs], *filters, synoptic=False)


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
    return compare(versions, *filters, synoptic=True)


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
    cells: list[Cell]
    absent_from: list[PlanVersion]

    @property
    def holding(self):
        return [cell.version for cell in self.cells if cell.present]

    @property
    def synoptic_url(self):
        """The synoptic table of the versions holding the subject, scrolled to its row."""
        if len(self.holding) < 2:
            return ""
        return f"{forms.synoptic_url(self.holding)}#t-{self.thread.slug}"


def thread_trail(thread):
    """Every version that holds or removed `thread`, in date order, each diffed against the
    nearest earlier one holding it."""
    versions = list(PlanVersion.objects.in_date_order())
    cells = {version.pk: Cell(version) for version in versions}
    for provision in Provision.objects.for_thread(thread):
        cells[provision.version_id].provisions.append(provision)
    for removal in Removal.objects.for_thread(thread):
        cells[removal.version_id].removals.append(removal)
    held = [cell for cell in cells.values() if cell.provisions or cell.removals]
    labelled = any(len(cell.provisions) > 1 for cell in held)
    for cell in held:
        cell.labelled = labelled
    relate_cells(held)
    absent = [cell.version for cell in cells.values() if not (cell.provisions or cell.removals)]
    return ThreadTrail(thread, held, absent)
