"""Objects written out for export: a comparison as CSV, and every object the API shows as JSON.

JSON conventions (see api.py): objects are identified by slug, dates are ISO 8601, `url` is
always the object's HTML page on this site (absolute) and `link` an outside address (a
source's article). Each serialiser takes objects whose relations are already fetched.
"""

import csv

from django.http import HttpResponse
from django.urls import reverse

# -- CSV --------------------------------------------------------------------------------------


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


def change_text(change):
    """One "What changed" note as text: "Europe → NATO", "100 days → (none)"."""
    return f"{change.label}: {change.old or '(none)'} → {change.new or '(none)'}"


def csv_table(comparison):
    """Header and rows of the CSV export: one row per visible row of the comparison. Each
    version has a number column (point numbers only, "; " between several; empty when the
    version has none), a text column, and in the synoptic table its status and its base."""
    header = ["Subject", "Threads", "Change"]
    for version in comparison.versions:
        header += [f"{version.short_name}: number", f"{version.short_name}: text"]
        if comparison.synoptic:
            header += [f"{version.short_name}: change", f"{version.short_name}: compared with"]
    header += ["What changed", "Citations"]
    table = [[_csv_safe(value) for value in header]]
    for row in comparison.visible_rows:
        line = [row.title, " ".join(thread.slug for thread in row.threads), row.kind_label]
        for cell in row.cells:
            line += [cell.number_label, _csv_cell_text(cell)]
            if comparison.synoptic:
                line += [cell.status_label, cell.base.version.short_name if cell.base else ""]
        notes = [
            f"{cell.version.short_name}: {change_text(change)}"
            if comparison.synoptic
            else change_text(change)
            for cell, changes in row.change_notes
            for change in changes
        ]
        line += ["; ".join(notes), _csv_citations(row)]
        table.append([_csv_safe(value) for value in line])
    return table


def csv_response(comparison):
    slugs = [version.slug for version in comparison.versions]
    if comparison.synoptic:
        filename = f"plancompare-{len(slugs)}-versions.csv"
    else:
        filename = f"plancompare-{slugs[0]}-vs-{slugs[1]}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    # The byte-order mark makes spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    csv.writer(response).writerows(csv_table(comparison))
    return response


# -- JSON: the objects ------------------------------------------------------------------------


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


def thread_ref(request, thread, version=None):
    data = {
        "slug": thread.slug,
        "title": thread.title,
        "url": absolute(request, thread.get_absolute_url()),
        "api_url": absolute(request, reverse("provisions:api_thread", args=[thread.slug])),
    }
    if version is not None:
        data["compare_url"] = absolute(request, version.get_comparison_url(thread))
    return data


def thread_data(request, thread):
    return {
        **thread_ref(request, thread),
        "description": thread.description,
        "themes": [theme.slug for theme in thread.themes.all()],
    }


def citation_data(request, citation):
    source = citation.source
    return {
        "source": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "link": source.url,
        "note": citation.note,
        "url": absolute(request, source.get_absolute_url()),
    }


def source_data(request, source):
    return {
        "slug": source.slug,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        "link": source.url,
        "published": source.published,
        "kind": source.kind,
        "language": source.language,
        "url": absolute(request, source.get_absolute_url()),
    }


def version_ref(request, version):
    return {
        "slug": version.slug,
        "short_name": version.short_name,
        "published": version.published,
        "url": absolute(request, version.get_absolute_url()),
        "api_url": absolute(request, reverse("provisions:api_version", args=[version.slug])),
    }


def version_data(request, version):
    """A version with `based_on` selected and `drafted_by` prefetched."""
    return {
        **version_ref(request, version),
        "title": version.title,
        "drafted_by": [party.name for party in version.drafted_by.all()],
        "stage": version.stage,
        "status": version.status,
        "based_on": version.based_on.slug if version.based_on else None,
        "compare_url": absolute(request, version.get_comparison_url()),
        "text_basis": version.text_basis,
        "completeness": version.completeness,
        "summary": version.summary,
    }


def provision_data(request, provision, version):
    """A provision of `version`, with threads, themes, citations and positions prefetched."""
    return {
        "version": version_ref(request, version),
        "number": provision.number,
        "label": provision.label,
        "position": provision.position,
        "text": provision.text,
        "status": provision.status,
        "reported": provision.reported,
        "threads": [thread_ref(request, t, version) for t in provision.threads.all()],
        "themes": [theme.slug for theme in provision.themes.all()],
        "citations": [citation_data(request, c) for c in provision.citations.all()],
        "positions": [
            {"party": p.party.name, "position": p.position} for p in provision.positions.all()
        ],
        "url": absolute(request, provision.get_absolute_url()),
    }


def removal_data(request, removal, version):
    return {
        "thread": thread_ref(request, removal.thread, version),
        "note": removal.note,
        "citations": [citation_data(request, c) for c in removal.citations.all()],
    }


# -- JSON: a comparison (the same rows as the HTML page, diff pieces as [op, text] lists) --------


def pieces_data(pieces):
    return [[piece.op, piece.text] for piece in pieces] if pieces else None


def comparison_data(request, comparison, page):
    query = request.GET.copy()
    query.pop("format", None)
    page_url = request.build_absolute_uri(f"{page}?{query.urlencode()}" if query else page)
    query["format"] = "csv"
    return {
        "type": "synoptic" if comparison.synoptic else "pair",
        "url": page_url,
        "csv_url": absolute(request, f"{page}?{query.urlencode()}"),
        "versions": [version_data(request, version) for version in comparison.versions],
        "filters": {"themes": comparison.selected_themes, "changed_only": comparison.changed_only},
        "base": comparison.base.slug if comparison.base else None,
        "counts": {kind: count for kind, _label, count in comparison.counts},
        "rows": [row_data(request, comparison, row, page_url) for row in comparison.visible_rows],
    }


def changes_data(changes):
    return [
        {"kind": change.kind, "label": change.label, "old": change.old, "new": change.new}
        for change in changes
    ]


def row_data(request, comparison, row, page_url):
    data = {
        "anchor": row.anchor,
        "url": f"{page_url.split('#')[0]}#{row.anchor}",
        "title": row.title,
        "threads": [thread_ref(request, thread) for thread in row.threads],
        "themes": row.themes,
        "kind": row.kind,
        "cells": [cell_data(request, cell) for cell in row.cells],
        "citations": [citation_data(request, citation) for citation in row.citations],
    }
    if comparison.synoptic:
        return data
    data["rewritten"] = row.rewritten
    data["diff"] = pieces_data(row.pieces)
    data["changes"] = changes_data(row.changes)
    return data


def cell_data(request, cell):
    """A cell of a comparison: its provisions or removals, what it is compared with (its
    base) and what it is against it."""
    return {
        "version": cell.version.slug,
        "present": cell.present,
        "provisions": [
            {
                "number": provision.number,
                "label": provision.label,
                "text": provision.text,
                "status": provision.status,
                "reported": provision.reported,
                "url": absolute(request, provision.get_absolute_url()),
            }
            for provision in cell.provisions
        ],
        "removals": [
            {"note": removal.note, "url": absolute(request, removal.get_absolute_url())}
            for removal in cell.removals
        ],
        "status": cell.status,
        "status_label": cell.status_label,
        "compared_with": cell.base.version.slug if cell.base else None,
        "compared_with_note": cell.base_note,
        "diff": pieces_data(cell.pieces),
        "changes": changes_data(cell.changes),
    }
