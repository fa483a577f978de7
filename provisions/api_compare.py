"""Read-only JSON of the comparisons: the same rows as the HTML pages, with diff pieces as
[op, text] lists and absolute links to the pages. Errors are JSON too."""

from django.http import JsonResponse
from django.urls import reverse

from . import comparison as comparisons
from .comparison import ComparisonError


def compare_pair(request, first, second):
    try:
        comparison = comparisons.pair_comparison(first, second, request.GET)
    except ComparisonError as error:
        return error_response(error)
    page = reverse("provisions:compare_pair", args=[first, second])
    return JsonResponse(comparison_data(request, comparison, page))


def compare_many(request):
    try:
        comparison = comparisons.synoptic_comparison(request.GET.getlist("v"), request.GET)
    except ComparisonError as error:
        return error_response(error)
    return JsonResponse(comparison_data(request, comparison, reverse("provisions:compare_many")))


def error_response(error):
    return JsonResponse({"error": str(error), "status": error.status}, status=error.status)


def comparison_data(request, comparison, page):
    query = request.GET.copy()
    query.pop("format", None)
    page_url = request.build_absolute_uri(f"{page}?{query.urlencode()}" if query else page)
    query["format"] = "csv"
    absolute = request.build_absolute_uri
    return {
        "type": "synoptic" if comparison.synoptic else "pair",
        "url": page_url,
        "csv_url": absolute(f"{page}?{query.urlencode()}"),
        "versions": [version_data(absolute, version) for version in comparison.versions],
        "filters": {"themes": comparison.selected_themes, "changed_only": comparison.changed_only},
        "counts": {kind: count for kind, _label, count in comparison.counts},
        "rows": [row_data(absolute, comparison, row, page_url) for row in comparison.visible_rows],
    }


def version_data(absolute, version):
    return {
        "slug": version.slug,
        "short_name": version.short_name,
        "title": version.title,
        "published": version.published.isoformat(),
        "text_basis": version.text_basis,
        "completeness": version.completeness,
        "url": absolute(version.get_absolute_url()),
    }


def pieces_data(pieces):
    return [[piece.op, piece.text] for piece in pieces]


def row_data(absolute, comparison, row, page_url):
    data = {
        "anchor": row.anchor,
        "url": f"{page_url.split('#')[0]}#{row.anchor}",
        "title": row.title,
        "threads": [
            {"slug": t.slug, "title": t.title, "url": absolute(t.get_absolute_url())}
            for t in row.threads
        ],
        "themes": row.themes,
        "kind": row.kind,
        "cells": [cell_data(absolute, comparison, cell) for cell in row.cells],
        "citations": [
            {
                "source": citation.source.slug,
                "url": citation.source.url,
                "publisher": citation.source.publisher,
                "note": citation.note,
                "source_page": absolute(citation.source.get_absolute_url()),
            }
            for citation in row.citations
        ],
    }
    if comparison.synoptic:
        return data
    data["rewritten"] = row.rewritten
    data["diff"] = pieces_data(row.pieces) if row.pieces else None
    data["figures"] = [list(pair) for pair in row.figures]
    return data


def cell_data(absolute, comparison, cell):
    data = {
        "version": cell.version.slug,
        "present": cell.present,
        "provisions": [
            {
                "number": provision.number,
                "label": provision.label,
                "text": provision.text,
                "status": provision.status,
                "reported": provision.reported,
                "url": absolute(provision.get_absolute_url()),
            }
            for provision in cell.provisions
        ],
        "removals": [
            {"note": removal.note, "url": absolute(removal.get_absolute_url())}
            for removal in cell.removals
        ],
    }
    if comparison.synoptic:
        data["kind"] = cell.kind
        data["compared_with"] = cell.previous.version.slug if cell.previous else None
        data["diff"] = pieces_data(cell.pieces) if cell.pieces else None
        data["figures"] = [list(pair) for pair in cell.figures]
    return data
