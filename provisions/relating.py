"""Relates the cells of comparison rows: each cell's base, status, word diff and "What changed".

The rules live in the engines (baselines, diffing, changes); this module feeds them the rows
that provisions.comparison builds and writes the results back on the cells. It reads
attributes only (`cell.version`, `cell.present`, `cell.text`, `cell.plain_text`,
`cell.removals`, `cell.numbers`), so it needs no database and no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from .engines import baselines, changes, diffing

FULL = "full"


def version_info(version, based_on: Mapping[str, str | None]) -> baselines.VersionInfo:
    return baselines.VersionInfo(
        slug=version.slug,
        basis=version.text_basis,
        complete=version.completeness == FULL,
        based_on=based_on.get(version.slug),
    )


def relate_cells(
    cells: Sequence,
    versions: Sequence,
    based_on: Mapping[str, str | None],
    base: str | None = None,
    names: Iterable[str] = (),
    lineages: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Relate one row's cells (one per version of `versions`, in date order).

    `based_on` maps every version's slug to the slug it revises (versions not shown
    included); `base` is a fixed base's slug; `names` are party names for "What changed";
    `lineages` (from `lineages()`) saves walking each version's lineage again for every row.
    Sets on each cell: `status` (an engines.baselines status), `baseline`, `base` (the cell
    compared with, or None), `base_note` (a sentence naming it), and for an amended cell
    `pieces` (the word diff) and `changes` (What changed).
    """
    infos = [version_info(version, based_on) for version in versions]
    short_names = {version.slug: version.short_name for version in versions}
    texts = {cell.version.slug: cell.plain_text for cell in cells if cell.present}
    removed = {cell.version.slug for cell in cells if cell.removals}
    statuses = baselines.relate_row(infos, texts, removed, base, based_on, lineages)
    by_slug = {cell.version.slug: cell for cell in cells}
    names = tuple(sorted(set(names)))
    for cell in cells:
        status = statuses[cell.version.slug]
        cell.status = status.status
        cell.baseline = status.baseline
        cell.base = by_slug.get(status.base) if status.base else None
        compared = cell.base is not None and (cell.present or cell.status == baselines.REMOVED)
        cell.base_note = baselines.describe(status.baseline, short_names) if compared else ""
        cell.pieces, cell.changes = [], []
        if cell.status == baselines.AMENDED:
            cell.pieces = diffing.diff_words(cell.base.text, cell.text)
            cell.changes = list(_what_changed(cell.base.plain_text, cell.plain_text, names))


def lineages(versions: Sequence, based_on: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Each version's lineage (engines.baselines.lineage), for relate_cells."""
    return {version.slug: baselines.lineage(version.slug, based_on) for version in versions}


@lru_cache(maxsize=4096)
def _what_changed(old: str, new: str, names: tuple[str, ...]) -> tuple[changes.Change, ...]:
    # A cold page after a write relates the same texts as before it: like the word diffs
    # (diffing caches them), the notes are kept per pair of texts.
    return tuple(changes.what_changed(old, new, names))


def renumbered(cell) -> bool:
    """Same text as its base under another number."""
    return (
        cell.status == baselines.UNCHANGED
        and cell.base is not None
        and cell.base.numbers != cell.numbers
    )
